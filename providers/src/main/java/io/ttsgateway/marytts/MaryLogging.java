package io.ttsgateway.marytts;

import java.util.Properties;

import org.apache.log4j.PropertyConfigurator;

/**
 * Keeps MaryTTS quiet. Left alone, MaryTTS configures log4j itself: INFO to the console and to
 * {@code ./log/server.log} in the working directory, a line per module per sentence. We configure
 * log4j first (MaryTTS then keeps our configuration): errors only, to standard error, no file.
 */
final class MaryLogging {

    private static boolean configured;

    private MaryLogging() {
    }

    static synchronized void configure() {
        if (configured) {
            return;
        }
        Properties properties = new Properties();
        properties.setProperty("log4j.rootLogger", "ERROR, stderr");
        properties.setProperty("log4j.appender.stderr", "org.apache.log4j.ConsoleAppender");
        properties.setProperty("log4j.appender.stderr.Target", "System.err");
        properties.setProperty("log4j.appender.stderr.layout", "org.apache.log4j.PatternLayout");
        properties.setProperty("log4j.appender.stderr.layout.ConversionPattern",
                               "%d{yyyy.MM.dd HH:mm:ss.SSS} %m [%p] marytts.%c%n");
        PropertyConfigurator.configure(properties);
        configured = true;
    }
}

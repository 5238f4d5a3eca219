package io.ttsgateway.session;

import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

import io.ttsgateway.observe.trace.TraceParent;
import io.ttsgateway.session.admission.Admission;
import io.ttsgateway.session.frames.CheckedContext;
import io.ttsgateway.session.options.OptionResolution;
import io.ttsgateway.session.protocol.ErrorCode;
import io.ttsgateway.session.protocol.GatewayError;
import io.ttsgateway.session.protocol.MessageAssembly;
import io.ttsgateway.session.protocol.MessageParser;
import io.ttsgateway.session.protocol.ProtocolException;
import io.ttsgateway.session.protocol.ServerMessages;

/**
 * One WebSocket connection, as Helidon's listener. Its callbacks run on the reader thread: the
 * upgrade is admitted, the open session takes a slot, each text message is reassembled
 * ({@link MessageAssembly}) and handed to the {@link MessageDispatcher}; they never block on
 * synthesis or on the socket, so a cancel is read the moment it arrives. No client input escapes
 * as an exception: a bad message gets an {@code error} and the connection goes on.
 */
public final class TtsSession implements WsListener {

    private static final Logger LOGGER = Logger.getLogger(TtsSession.class.getName());

    private final SessionContext context;
    private final ServerMessages messages;
    private final MessageAssembly assembly;
    private final Admission admission;
    private OptionResolution options;
    private TraceParent caller = TraceParent.NONE;
    private volatile LiveSession live;
    private MessageDispatcher dispatcher;

    /**
     * Creates the session of one connection.
     *
     * @param context what all sessions share
     */
    public TtsSession(SessionContext context) {
        this.context = context;
        this.messages = new ServerMessages(context.mapper());
        this.assembly = new MessageAssembly(context.limits().maxMessageBytes());
        this.admission = new Admission(context.authenticator(), context.registry()::isDraining,
                                       context.limits().ratePerMinute(), context.limits().maxQueuedRequests(),
                                       System.nanoTime());
        this.options = OptionResolution.withoutDefaults(context.synthesizer().providers(), context.defaultFormat());
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
        context.origins().check(headers);
        admission.upgrade(prologue, headers);
        caller = context.tracing().parentOf(headers);
        options = OptionResolution.withDefaults(context.synthesizer().providers(), context.defaultFormat(),
                                                name -> prologue.query().first(name).orElse(null));
        return Optional.empty();
    }

    @Override
    public void onOpen(WsSession socket) {
        SessionRegistry registry = context.registry();
        // With checked frames (always, in the server), the slot is given back when the socket
        // closes, whoever closed it: a session holds it exactly as long as its socket is open.
        CheckedContext connection = socket.socketContext() instanceof CheckedContext checked ? checked : null;
        LiveSession session = new LiveSession(socket, context.synthesizer(), context.limits(), messages,
                                              context.metrics(), ended -> {
                                                  if (connection == null) {
                                                      release(ended);
                                                  }
                                              });
        if (connection != null) {
            connection.whenClosed(() -> {
                session.end();
                release(session);
            });
        }
        dispatcher = new MessageDispatcher(session, new MessageParser(context.mapper(), context.limits().maxTextLength()),
                                           admission, options, context.limits(), messages, context.metrics(),
                                           caller);
        live = session;
        try {
            // The key's session first: until the registry holds the session, nothing else can end it.
            admission.openSession();
        } catch (ProtocolException e) {
            session.turnAway(messages.error(e.error(), null), e.error().code().wireName());
            return;
        }
        String refusal = switch (registry.register(session)) {
            case TAKEN -> null;
            case FULL -> "server is at its session limit";
            case CLOSED -> "server is shutting down";
        };
        if (refusal != null) {
            admission.closeSession();
            session.turnAway(messages.error(GatewayError.of(ErrorCode.SERVER_BUSY, refusal), null), refusal);
            return;
        }
        session.watchReader(); // a client closed as not reading gets until this thread ends to answer
        options.problem().ifPresent(dispatcher::reject);
    }

    @Override
    public void onMessage(WsSession socket, String text, boolean last) {
        LiveSession session = live;
        session.heard();
        if (session.isEnded()) {
            return; // turned away or closing: nothing more is taken on
        }
        try {
            String message = assembly.add(text, last);
            if (message != null) {
                dispatcher.dispatch(message);
            }
        } catch (ProtocolException e) {
            dispatcher.reject(e);
        } catch (RuntimeException e) {
            // Never let an exception reach Helidon: it would close the connection.
            LOGGER.log(Level.WARNING, "Unexpected failure handling a client message", e);
            session.say(messages.error(GatewayError.of(ErrorCode.INVALID_MESSAGE, "message could not be handled"),
                                       null));
        }
    }

    @Override
    public void onMessage(WsSession socket, BufferData buffer, boolean last) {
        LiveSession session = live;
        session.heard();
        if (session.isEnded() || !last) {
            return; // answered once, at the last fragment
        }
        dispatcher.reject(new ProtocolException(ErrorCode.INVALID_MESSAGE,
                                                "binary messages are not accepted; send JSON text"));
    }

    @Override
    public void onPing(WsSession socket, BufferData buffer) {
        LiveSession session = live;
        session.heard();
        session.pong(buffer);
    }

    @Override
    public void onPong(WsSession socket, BufferData buffer) {
        live.heard();
    }

    @Override
    public void onClose(WsSession socket, int status, String reason) {
        end();
    }

    @Override
    public void onError(WsSession socket, Throwable t) {
        LOGGER.log(Level.FINE, "WebSocket error", t);
        end();
    }

    /** Gives the session's slot back: the key's session first, so whoever waits on the count finds it free. */
    private void release(LiveSession session) {
        admission.closeSession();
        context.registry().unregister(session);
    }

    private void end() {
        LiveSession session = live;
        if (session != null) {
            session.end();
        }
    }
}

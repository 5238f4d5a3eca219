package io.ttsgateway.provider.net;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

class JsonMappersTest {

    @Test
    void buffersOfAVirtualThreadGoBackToTheSharedPoolNotToTheThread() throws Exception {
        ObjectMapper mapper = JsonMappers.create();
        RecyclerPool<BufferRecycler> pool = mapper.getFactory()._getRecyclerPool();
        Callable<String> parseAndWrite = () -> mapper.readTree("{\"input\":\"hello\"}").path("input").asText()
                + mapper.writeValueAsString(mapper.createObjectNode().put("a", 1));
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            assertThat(threads.submit(parseAndWrite).get(), is("hello{\"a\":1}"));
        }
        assertThat("the pool holds the buffers the finished thread used", pool.pooledCount(), greaterThan(0));
    }
}

package io.ttsgateway.provider.net;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/**
 * Jackson mappers for code on virtual threads. Jackson's default keeps each thread's parse and
 * write buffers (about 8 KB) in a thread-local: a virtual thread per request allocates them anew
 * and holds them until it ends, so at hundreds of streams they are young garbage that lives long
 * enough to be copied by every collection. These share one bounded pool instead ({@link
 * JsonNode#toString()} does not: it writes with Jackson's own default mapper).
 */
public final class JsonMappers {

    private static final ObjectMapper WRITER = create();

    private JsonMappers() {
    }

    /**
     * A tree as JSON text, written with the shared pool.
     *
     * @param node the tree
     * @return its compact JSON
     */
    public static String text(JsonNode node) {
        try {
            return WRITER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a tree always serializes
        }
    }

    /**
     * A mapper whose buffers come from the process's shared pool.
     *
     * @return a new mapper, to be configured and then shared
     */
    public static ObjectMapper create() {
        return new ObjectMapper(factory());
    }

    /**
     * A streaming factory whose buffers come from the process's shared pool.
     *
     * @return a new factory
     */
    public static JsonFactory factory() {
        return JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedBoundedPool()).build();
    }
}

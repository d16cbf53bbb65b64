package dev.adjoint.web.access;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;

/** With no keys configured (the default) the API is open: no 401, whatever X-API-Key says. */
@SpringBootTest
@AutoConfigureMockMvc
class ApiOpenWithoutKeysTest {

    @Autowired
    MockMvc mvc;

    @Test
    void callWithoutAKeyIsAnswered() throws Exception {
        MvcResult r = mvc.perform(ApiCalls.example1()).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(r.getResponse().getContentAsString()).contains("412.19145728412116");
    }

    @Test
    void anyKeySentIsIgnored() throws Exception {
        assertThat(mvc.perform(ApiCalls.example1().header("X-API-Key", "whatever")).andReturn().getResponse().getStatus())
                .isEqualTo(200);
    }
}

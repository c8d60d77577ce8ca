package org.scanstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    @Test
    void onATerminalTheLineIsRewrittenInPlaceAndPaddedOverLongerText() {
        StringWriter s = new StringWriter();
        ProgressLine line = new ProgressLine(new PrintWriter(s), true, 5);
        line.update("labelled 100");
        line.update("labelled 2");
        line.finish("done");
        assertThat(s.toString()).isEqualTo("\rlabelled 100\rlabelled 2  \rdone      " + System.lineSeparator());
    }

    @Test
    void offATerminalEachShownUpdateIsALineAndTheLastAlwaysIs() {
        StringWriter s = new StringWriter();
        ProgressLine line = new ProgressLine(new PrintWriter(s), false, 3600);
        line.update("first");
        line.update("second, too soon");
        line.finish("last");
        assertThat(s.toString()).isEqualTo("first" + System.lineSeparator() + "last" + System.lineSeparator());
    }
}

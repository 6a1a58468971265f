package dev.eddy.cloudwatch.metric;

import java.util.List;

/** CloudWatch's units, in the order its messages list them. */
public final class Units {
    public static final List<String> ALL = List.of(
            "Seconds",
            "Microseconds",
            "Milliseconds",
            "Bytes",
            "Kilobytes",
            "Megabytes",
            "Gigabytes",
            "Terabytes",
            "Bits",
            "Kilobits",
            "Megabits",
            "Gigabits",
            "Terabits",
            "Percent",
            "Count",
            "Bytes/Second",
            "Kilobytes/Second",
            "Megabytes/Second",
            "Gigabytes/Second",
            "Terabytes/Second",
            "Bits/Second",
            "Kilobits/Second",
            "Megabits/Second",
            "Gigabits/Second",
            "Terabits/Second",
            "Count/Second",
            "None");

    private Units() {}

    /** The message for a unit outside the set, naming the parameter as awsQuery names it. */
    public static String notAUnit(String parameter) {
        return "The parameter " + parameter + " must be a value in the set [ " + String.join(", ", ALL) + " ].";
    }
}

package dev.eddy.cloudwatch.handlers;

import dev.eddy.cloudwatch.CloudWatchException;
import dev.eddy.cloudwatch.metric.Units;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reading and checking parameters the way CloudWatch names them (awsQuery names, 1-based). */
final class Params {
    private Params() {}

    static void required(Map<String, Object> in, String... members) {
        for (String m : members) {
            if (in.get(m) == null) {
                throw CloudWatchException.missing(m);
            }
        }
    }

    static void unit(Object unit, String parameter) {
        if (unit != null && !Units.ALL.contains(unit)) {
            throw CloudWatchException.invalidValue(Units.notAUnit(parameter));
        }
    }

    /** A metric's dimensions from a request's list of {Name, Value}; a name twice is refused. */
    @SuppressWarnings("unchecked")
    static Map<String, String> dimensions(Object list) {
        Map<String, String> out = new TreeMap<>();
        if (list != null) {
            for (Object o : (List<Object>) list) {
                Map<String, Object> d = (Map<String, Object>) o;
                if (out.put((String) d.get("Name"), (String) d.get("Value")) != null) {
                    throw CloudWatchException.invalidValue("No metric may specify the same dimension name twice.");
                }
            }
        }
        return out;
    }
}

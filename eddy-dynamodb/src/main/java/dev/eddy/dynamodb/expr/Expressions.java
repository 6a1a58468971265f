package dev.eddy.dynamodb.expr;

import dev.eddy.dynamodb.value.AttributeValue;
import dev.eddy.dynamodb.value.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns the text of an expression parameter into a resolved {@link Expr}, with DynamoDB's checks in
 * DynamoDB's order. For conditions: syntax, redundant parentheses, unknown functions, misused
 * functions, reserved words, then each condition in source order (undefined names and values,
 * operand counts, document paths, distinct operands, operand types, BETWEEN bounds). For updates:
 * syntax, reserved words, unknown functions, repeated sections, undefined names and values,
 * overlapping and conflicting paths, ADD and DELETE operand types, function operands. Errors are
 * {@link ExpressionException}s carrying the detail; the caller names the parameter. Stateless.
 */
public final class Expressions {
    private static final int MAX_BYTES = 4096;
    private static final int MAX_IN_OPERANDS = 100;
    private static final Set<String> CONDITION_FUNCTIONS =
            Set.of("attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains", "size");
    private static final Set<String> UPDATE_FUNCTIONS = Set.of("if_not_exists", "list_append");
    private static final Set<String> TYPES = Set.of("S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M");
    private static final Set<String> RESERVED = reservedWords();

    private Expressions() {}

    private static Set<String> reservedWords() {
        try (InputStream in = Expressions.class.getResourceAsStream("/dev/eddy/dynamodb/reserved-words.txt")) {
            Set<String> words = new HashSet<>();
            for (String w : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\s+")) {
                if (!w.isEmpty()) {
                    words.add(w);
                }
            }
            return Set.copyOf(words);
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("missing reserved-words.txt", e));
        }
    }

    private static void checkText(String text) {
        if (text.isBlank()) {
            throw new ExpressionException("The expression can not be empty;");
        }
        int bytes = Wire.utf8Length(text);
        if (bytes > MAX_BYTES) {
            throw new ExpressionException(
                    "Expression size has exceeded the maximum allowed size; expression size: " + bytes);
        }
    }

    // ---- conditions ----

    /**
     * Parsed expressions whose text passed every check that depends on the text alone, by text:
     * clients send the same few expressions again and again (a KCL worker renews its leases with
     * one), so each is parsed once. Only substitution, which depends on the request's names and
     * values, is done per request. Bounded: emptied when full.
     */
    private static final class Parsed<T> {
        private static final int MAX = 4096;
        private final java.util.concurrent.ConcurrentHashMap<String, T> byText =
                new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.function.Function<String, T> parse;

        Parsed(java.util.function.Function<String, T> parse) {
            this.parse = parse;
        }

        T get(String text) {
            T known = byText.get(text);
            if (known != null) {
                return known;
            }
            T parsed = parse.apply(text); // throws for a bad expression, which is not kept
            if (byText.size() >= MAX) {
                byText.clear();
            }
            byText.put(text, parsed);
            return parsed;
        }
    }

    private static final Parsed<Syntax.Cond> CONDITIONS = new Parsed<>(text -> {
        checkText(text);
        Syntax.Cond tree = Parser.condition(text);
        checkParentheses(tree, false);
        checkFunctions(tree);
        checkReserved(tree);
        return tree;
    });

    /** A ConditionExpression, FilterExpression or KeyConditionExpression. */
    public static Expr.Condition condition(String text, Substitutions subs) {
        return resolve(CONDITIONS.get(text), subs);
    }

    private static void checkParentheses(Syntax.Cond c, boolean inParen) {
        if (c instanceof Syntax.Paren p) {
            if (inParen) {
                throw new ExpressionException("The expression has redundant parentheses;");
            }
            checkParentheses(p.inner(), true);
        } else if (c instanceof Syntax.And a) {
            checkParentheses(a.left(), false);
            checkParentheses(a.right(), false);
        } else if (c instanceof Syntax.Or o) {
            checkParentheses(o.left(), false);
            checkParentheses(o.right(), false);
        } else if (c instanceof Syntax.Not n) {
            checkParentheses(n.inner(), false);
        } else {
            for (Syntax.Operand o : operands(c)) {
                checkParentheses(o, false);
            }
        }
    }

    private static void checkParentheses(Syntax.Operand o, boolean inParen) {
        if (o instanceof Syntax.ParenOperand p) {
            if (inParen) {
                throw new ExpressionException("The expression has redundant parentheses;");
            }
            checkParentheses(p.inner(), true);
        } else if (o instanceof Syntax.FunctionOperand f) {
            for (Syntax.Operand a : f.args()) {
                checkParentheses(a, false);
            }
        } else if (o instanceof Syntax.Arithmetic a) {
            checkParentheses(a.left(), false);
            checkParentheses(a.right(), false);
        }
    }

    /** The operands of a leaf condition, in source order. */
    private static List<Syntax.Operand> operands(Syntax.Cond c) {
        if (c instanceof Syntax.Compare cmp) {
            return List.of(cmp.left(), cmp.right());
        }
        if (c instanceof Syntax.Between b) {
            return List.of(b.value(), b.low(), b.high());
        }
        if (c instanceof Syntax.In in) {
            List<Syntax.Operand> all = new ArrayList<>();
            all.add(in.value());
            all.addAll(in.options());
            return all;
        }
        if (c instanceof Syntax.Call call) {
            return call.args();
        }
        return List.of();
    }

    /** Unknown function names first, then functions used where their result cannot go. */
    private static void checkFunctions(Syntax.Cond tree) {
        List<Object> calls = new ArrayList<>();
        collectCalls(tree, calls);
        for (Object call : calls) {
            String name = call instanceof Syntax.Call c ? c.name() : ((Syntax.FunctionOperand) call).name();
            if (!CONDITION_FUNCTIONS.contains(name)) {
                throw new ExpressionException("Invalid function name; function: " + name);
            }
        }
        misused(tree);
    }

    private static void collectCalls(Syntax.Cond c, List<Object> out) {
        if (c instanceof Syntax.And a) {
            collectCalls(a.left(), out);
            collectCalls(a.right(), out);
        } else if (c instanceof Syntax.Or o) {
            collectCalls(o.left(), out);
            collectCalls(o.right(), out);
        } else if (c instanceof Syntax.Not n) {
            collectCalls(n.inner(), out);
        } else if (c instanceof Syntax.Paren p) {
            collectCalls(p.inner(), out);
        } else {
            if (c instanceof Syntax.Call call) {
                out.add(call);
            }
            for (Syntax.Operand o : operands(c)) {
                collectCalls(o, out);
            }
        }
    }

    private static void collectCalls(Syntax.Operand o, List<Object> out) {
        if (o instanceof Syntax.FunctionOperand f) {
            out.add(f);
            for (Syntax.Operand a : f.args()) {
                collectCalls(a, out);
            }
        } else if (o instanceof Syntax.ParenOperand p) {
            collectCalls(p.inner(), out);
        } else if (o instanceof Syntax.Arithmetic a) {
            collectCalls(a.left(), out);
            collectCalls(a.right(), out);
        }
    }

    /** {@code size} is the only function with a value; the others are conditions, never operands. */
    private static void misused(Syntax.Cond c) {
        if (c instanceof Syntax.And a) {
            misused(a.left());
            misused(a.right());
        } else if (c instanceof Syntax.Or o) {
            misused(o.left());
            misused(o.right());
        } else if (c instanceof Syntax.Not n) {
            misused(n.inner());
        } else if (c instanceof Syntax.Paren p) {
            misused(p.inner());
        } else {
            if (c instanceof Syntax.Call call && call.name().equals("size")) {
                throw misuse("size");
            }
            for (Syntax.Operand o : operands(c)) {
                misusedOperand(o);
            }
        }
    }

    private static void misusedOperand(Syntax.Operand o) {
        if (o instanceof Syntax.FunctionOperand f) {
            if (!f.name().equals("size")) {
                throw misuse(f.name());
            }
            for (Syntax.Operand a : f.args()) {
                if (a instanceof Syntax.FunctionOperand inner) {
                    throw misuse(inner.name());
                }
                misusedOperand(a);
            }
        } else if (o instanceof Syntax.ParenOperand p) {
            misusedOperand(p.inner());
        }
    }

    private static ExpressionException misuse(String function) {
        return new ExpressionException(
                "The function is not allowed to be used this way in an expression; function: " + function);
    }

    private static void checkReserved(Syntax.Cond c) {
        if (c instanceof Syntax.And a) {
            checkReserved(a.left());
            checkReserved(a.right());
        } else if (c instanceof Syntax.Or o) {
            checkReserved(o.left());
            checkReserved(o.right());
        } else if (c instanceof Syntax.Not n) {
            checkReserved(n.inner());
        } else if (c instanceof Syntax.Paren p) {
            checkReserved(p.inner());
        } else {
            for (Syntax.Operand o : operands(c)) {
                checkReserved(o);
            }
        }
    }

    private static void checkReserved(Syntax.Operand o) {
        if (o instanceof Syntax.PathOperand p) {
            for (Syntax.Element e : p.elements()) {
                if (e instanceof Syntax.Name n && RESERVED.contains(n.text().toUpperCase(Locale.ROOT))) {
                    throw new ExpressionException(
                            "Attribute name is a reserved keyword; reserved keyword: " + n.text());
                }
            }
        } else if (o instanceof Syntax.FunctionOperand f) {
            for (Syntax.Operand a : f.args()) {
                checkReserved(a);
            }
        } else if (o instanceof Syntax.ParenOperand p) {
            checkReserved(p.inner());
        } else if (o instanceof Syntax.Arithmetic a) {
            checkReserved(a.left());
            checkReserved(a.right());
        }
    }

    private static Expr.Condition resolve(Syntax.Cond c, Substitutions subs) {
        if (c instanceof Syntax.And a) {
            Expr.Condition left = resolve(a.left(), subs);
            return new Expr.And(left, resolve(a.right(), subs));
        }
        if (c instanceof Syntax.Or o) {
            Expr.Condition left = resolve(o.left(), subs);
            return new Expr.Or(left, resolve(o.right(), subs));
        }
        if (c instanceof Syntax.Not n) {
            return new Expr.Not(resolve(n.inner(), subs));
        }
        if (c instanceof Syntax.Paren p) {
            return resolve(p.inner(), subs);
        }
        if (c instanceof Syntax.Compare cmp) {
            Expr.Operand left = operand(cmp.left(), subs);
            Expr.Operand right = operand(cmp.right(), subs);
            distinct(cmp.op(), left, List.of(right));
            if (!cmp.op().equals("=") && !cmp.op().equals("<>")) {
                ordered(cmp.op(), left);
                ordered(cmp.op(), right);
            }
            return new Expr.Compare(cmp.op(), left, right);
        }
        if (c instanceof Syntax.Between b) {
            Expr.Operand value = operand(b.value(), subs);
            Expr.Operand low = operand(b.low(), subs);
            Expr.Operand high = operand(b.high(), subs);
            distinct("BETWEEN", value, List.of(low, high));
            if (low instanceof Expr.Literal lo && high instanceof Expr.Literal hi) {
                if (!lo.value().type().equals(hi.value().type())) {
                    throw new ExpressionException(
                            "The BETWEEN operator requires same data type for lower and upper bounds; lower bound"
                                    + " operand: AttributeValue: " + show(lo.value()) + ", upper bound operand:"
                                    + " AttributeValue: " + show(hi.value()));
                }
                if (Evaluator.compare(lo.value(), hi.value()) > 0) {
                    throw new ExpressionException(
                            "The BETWEEN operator requires upper bound to be greater than or equal to lower bound;"
                                    + " lower bound operand: AttributeValue: " + show(lo.value())
                                    + ", upper bound operand: AttributeValue: " + show(hi.value()));
                }
            }
            return new Expr.Between(value, low, high);
        }
        if (c instanceof Syntax.In in) {
            if (in.options().size() > MAX_IN_OPERANDS) {
                throw new ExpressionException("The IN operator is provided with too many operands; number of operands: "
                        + in.options().size());
            }
            Expr.Operand value = operand(in.value(), subs);
            List<Expr.Operand> options = new ArrayList<>();
            for (Syntax.Operand o : in.options()) {
                options.add(operand(o, subs));
            }
            distinct("IN", value, options);
            return new Expr.In(value, options);
        }
        Syntax.Call call = (Syntax.Call) c;
        String fn = call.name();
        int expected = fn.startsWith("attribute_exists") || fn.startsWith("attribute_not_exists") ? 1 : 2;
        List<Expr.Operand> args = new ArrayList<>();
        for (Syntax.Operand o : call.args()) {
            args.add(operand(o, subs));
        }
        if (args.size() != expected) {
            throw new ExpressionException(
                    "Incorrect number of operands for operator or function; operator or function: " + fn
                            + ", number of operands: " + args.size());
        }
        switch (fn) {
            case "attribute_exists":
            case "attribute_not_exists":
                return new Expr.Exists(documentPath(fn, args.get(0)), fn.equals("attribute_exists"));
            case "attribute_type": {
                Path path = documentPath(fn, args.get(0));
                distinct(fn, args.get(0), List.of(args.get(1)));
                if (args.get(1) instanceof Expr.Literal t) {
                    if (!(t.value() instanceof AttributeValue.S s)) {
                        throw operandType(fn, t.value().type());
                    }
                    if (!TYPES.contains(s.value())) {
                        throw new ExpressionException("Invalid attribute type name found; type: " + s.value()
                                + ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
                    }
                }
                return new Expr.AttributeType(path, args.get(1));
            }
            case "begins_with":
                distinct(fn, args.get(0), List.of(args.get(1)));
                for (Expr.Operand a : args) {
                    if (a instanceof Expr.Literal l
                            && !(l.value() instanceof AttributeValue.S)
                            && !(l.value() instanceof AttributeValue.B)) {
                        throw operandType(fn, l.value().type());
                    }
                    if (a instanceof Expr.Size) {
                        throw operandType(fn, "N");
                    }
                }
                return new Expr.BeginsWith(args.get(0), args.get(1));
            default:
                distinct(fn, args.get(0), List.of(args.get(1)));
                return new Expr.Contains(args.get(0), args.get(1));
        }
    }

    private static Path documentPath(String fn, Expr.Operand o) {
        if (o instanceof Expr.PathRef p) {
            return p.path();
        }
        throw new ExpressionException("Operator or function requires a document path; operator or function: " + fn);
    }

    /** Comparators that order accept numbers, strings and binaries only. */
    private static void ordered(String op, Expr.Operand o) {
        if (o instanceof Expr.Literal l && !l.value().isKeyType()) {
            throw operandType(op, l.value().type());
        }
    }

    private static void distinct(String op, Expr.Operand first, List<Expr.Operand> others) {
        if (!(first instanceof Expr.PathRef p)) {
            return;
        }
        for (Expr.Operand o : others) {
            if (o instanceof Expr.PathRef q && q.path().equals(p.path())) {
                throw new ExpressionException("The first operand must be distinct from the remaining operands for this"
                        + " operator or function; operator: " + op + ", first operand: " + p.path());
            }
        }
    }

    private static ExpressionException operandType(String fn, String type) {
        return new ExpressionException("Incorrect operand type for operator or function; operator or function: " + fn
                + ", operand type: " + type);
    }

    /** How DynamoDB shows a literal in a BETWEEN message: {@code {N:1}}. */
    private static String show(AttributeValue v) {
        Object wire = Wire.toWire(v).get(v.type());
        return "{" + v.type() + ":" + (wire instanceof byte[] b ? new dev.eddy.dynamodb.value.Bytes(b) : wire) + "}";
    }

    private static Expr.Operand operand(Syntax.Operand o, Substitutions subs) {
        if (o instanceof Syntax.ParenOperand p) {
            return operand(p.inner(), subs);
        }
        if (o instanceof Syntax.ValueOperand v) {
            return new Expr.Literal(subs.value(v.ref()));
        }
        if (o instanceof Syntax.PathOperand p) {
            return new Expr.PathRef(path(p, subs));
        }
        if (o instanceof Syntax.Arithmetic a) {
            Expr.Operand left = operand(a.left(), subs);
            Expr.Operand right = operand(a.right(), subs);
            for (Expr.Operand side : List.of(left, right)) {
                if (side instanceof Expr.Literal l && !(l.value() instanceof AttributeValue.N)) {
                    throw operandType(a.op(), l.value().type());
                }
            }
            return new Expr.Arithmetic(a.op().equals("+"), left, right);
        }
        Syntax.FunctionOperand f = (Syntax.FunctionOperand) o;
        List<Expr.Operand> args = new ArrayList<>();
        for (Syntax.Operand a : f.args()) {
            args.add(operand(a, subs));
        }
        int expected = f.name().equals("size") ? 1 : 2;
        if (args.size() != expected) {
            throw new ExpressionException("Incorrect number of operands for operator or function; operator or"
                    + " function: " + f.name() + ", number of operands: " + args.size());
        }
        switch (f.name()) {
            case "size": {
                Expr.Operand of = args.get(0);
                if (of instanceof Expr.Literal l
                        && (l.value() instanceof AttributeValue.N
                                || l.value() instanceof AttributeValue.Bool
                                || l.value() instanceof AttributeValue.Null)) {
                    throw operandType("size", l.value().type());
                }
                return new Expr.Size(of);
            }
            case "if_not_exists":
                return new Expr.IfNotExists(documentPath("if_not_exists", args.get(0)), args.get(1));
            default: // list_append
                for (Expr.Operand a : args) {
                    if (a instanceof Expr.Literal l && !(l.value() instanceof AttributeValue.L)) {
                        throw operandType("list_append", l.value().type());
                    }
                }
                return new Expr.ListAppend(args.get(0), args.get(1));
        }
    }

    private static Path path(Syntax.PathOperand p, Substitutions subs) {
        List<Object> elements = new ArrayList<>(p.elements().size());
        for (Syntax.Element e : p.elements()) {
            if (e instanceof Syntax.Name n) {
                elements.add(n.text());
            } else if (e instanceof Syntax.NameRef r) {
                elements.add(subs.name(r.ref()));
            } else {
                elements.add(((Syntax.Index) e).index());
            }
        }
        return new Path(elements);
    }

    // ---- updates ----

    private static final Parsed<List<Syntax.UpdateAction>> UPDATES = new Parsed<>(text -> {
        checkText(text);
        List<Syntax.UpdateAction> actions = Parser.update(text);
        for (Syntax.UpdateAction a : actions) {
            checkReserved(a.path());
            if (a.value() != null) {
                checkReserved(a.value());
            }
        }
        for (Syntax.UpdateAction a : actions) {
            if (a.value() != null) {
                List<Object> calls = new ArrayList<>();
                collectCalls(a.value(), calls);
                for (Object call : calls) {
                    String name = ((Syntax.FunctionOperand) call).name();
                    if (!UPDATE_FUNCTIONS.contains(name)) {
                        throw new ExpressionException("Invalid function name; function: " + name);
                    }
                }
            }
        }
        java.util.Map<String, Integer> sections = new java.util.HashMap<>();
        for (Syntax.UpdateAction a : actions) {
            Integer first = sections.putIfAbsent(a.section(), a.occurrence());
            if (first != null && first != a.occurrence()) {
                throw new ExpressionException(
                        "The \"" + a.section() + "\" section can only be used once in an update expression;");
            }
        }
        return actions;
    });

    /** An UpdateExpression. */
    public static Expr.Update update(String text, Substitutions subs) {
        List<Syntax.UpdateAction> actions = UPDATES.get(text);
        List<Path> targets = new ArrayList<>();
        for (Syntax.UpdateAction a : actions) {
            targets.add(path(a.path(), subs));
        }
        List<Object> values = new ArrayList<>();
        for (Syntax.UpdateAction a : actions) {
            values.add(a.value() == null ? null : resolveRefs(a.value(), subs));
        }
        checkOverlaps(targets);
        List<Expr.Action> out = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            Syntax.UpdateAction a = actions.get(i);
            Expr.Action.Kind kind = Expr.Action.Kind.valueOf(a.section());
            if (kind == Expr.Action.Kind.ADD || kind == Expr.Action.Kind.DELETE) {
                AttributeValue v = subs.value(((Syntax.ValueOperand) a.value()).ref());
                boolean ok = kind == Expr.Action.Kind.ADD ? v instanceof AttributeValue.N || v.isSet() : v.isSet();
                if (!ok) {
                    throw new ExpressionException("Incorrect operand type for operator or function; operator: "
                            + a.section() + ", operand type: " + longTypeName(v));
                }
            }
        }
        for (int i = 0; i < actions.size(); i++) {
            Syntax.UpdateAction a = actions.get(i);
            Expr.Action.Kind kind = Expr.Action.Kind.valueOf(a.section());
            Expr.Operand value = a.value() == null ? null : operand(a.value(), subs);
            out.add(new Expr.Action(kind, targets.get(i), value));
        }
        return new Expr.Update(out);
    }

    /** Resolves the names and values an operand uses (for their errors' order); the operand comes later. */
    private static Object resolveRefs(Syntax.Operand o, Substitutions subs) {
        if (o instanceof Syntax.PathOperand p) {
            return path(p, subs);
        }
        if (o instanceof Syntax.ValueOperand v) {
            return subs.value(v.ref());
        }
        if (o instanceof Syntax.ParenOperand p) {
            return resolveRefs(p.inner(), subs);
        }
        if (o instanceof Syntax.Arithmetic a) {
            resolveRefs(a.left(), subs);
            return resolveRefs(a.right(), subs);
        }
        for (Syntax.Operand arg : ((Syntax.FunctionOperand) o).args()) {
            resolveRefs(arg, subs);
        }
        return null;
    }

    private static String longTypeName(AttributeValue v) {
        switch (v.type()) {
            case "S":
                return "STRING";
            case "N":
                return "NUMBER";
            case "B":
                return "BINARY";
            case "BOOL":
                return "BOOLEAN";
            case "L":
                return "LIST";
            case "M":
                return "MAP";
            default:
                return v.type();
        }
    }

    /** Two target paths may neither overlap (one inside the other) nor conflict (map key against index). */
    static void checkOverlaps(List<Path> paths) {
        for (int i = 0; i < paths.size(); i++) {
            for (int j = 0; j < i; j++) {
                Path one = paths.get(j);
                Path two = paths.get(i);
                int common = Math.min(one.size(), two.size());
                int k = 0;
                while (k < common && one.get(k).equals(two.get(k))) {
                    k++;
                }
                if (k == common) {
                    throw new ExpressionException("Two document paths overlap with each other; must remove or rewrite"
                            + " one of these paths; path one: " + one + ", path two: " + two);
                }
                if (one.get(k) instanceof Integer != two.get(k) instanceof Integer) {
                    throw new ExpressionException("Two document paths conflict with each other; must remove or rewrite"
                            + " one of these paths; path one: " + one + ", path two: " + two);
                }
            }
        }
    }

    // ---- projections ----

    private static final Parsed<List<Syntax.PathOperand>> PROJECTIONS = new Parsed<>(text -> {
        checkText(text);
        List<Syntax.PathOperand> parsed = Parser.projection(text);
        for (Syntax.PathOperand p : parsed) {
            checkReserved(p);
        }
        return parsed;
    });

    /** A ProjectionExpression: the paths to return. */
    public static List<Path> projection(String text, Substitutions subs) {
        List<Syntax.PathOperand> parsed = PROJECTIONS.get(text);
        List<Path> paths = new ArrayList<>();
        for (Syntax.PathOperand p : parsed) {
            paths.add(path(p, subs));
        }
        checkOverlaps(paths);
        return paths;
    }

    /** The top-level attributes a set of conditions reads (for the rule against filters on keys). */
    public static Set<String> attributes(Expr.Condition c) {
        Set<String> out = new LinkedHashSet<>();
        collect(c, out);
        return out;
    }

    private static void collect(Expr.Condition c, Set<String> out) {
        if (c instanceof Expr.And a) {
            collect(a.left(), out);
            collect(a.right(), out);
        } else if (c instanceof Expr.Or o) {
            collect(o.left(), out);
            collect(o.right(), out);
        } else if (c instanceof Expr.Not n) {
            collect(n.inner(), out);
        } else if (c instanceof Expr.Compare cmp) {
            collect(cmp.left(), out);
            collect(cmp.right(), out);
        } else if (c instanceof Expr.Between b) {
            collect(b.value(), out);
            collect(b.low(), out);
            collect(b.high(), out);
        } else if (c instanceof Expr.In in) {
            collect(in.value(), out);
            in.options().forEach(o -> collect(o, out));
        } else if (c instanceof Expr.Exists e) {
            out.add(e.path().attribute());
        } else if (c instanceof Expr.AttributeType t) {
            out.add(t.path().attribute());
        } else if (c instanceof Expr.BeginsWith b) {
            collect(b.value(), out);
            collect(b.prefix(), out);
        } else if (c instanceof Expr.Contains ct) {
            collect(ct.value(), out);
            collect(ct.part(), out);
        }
    }

    private static void collect(Expr.Operand o, Set<String> out) {
        if (o instanceof Expr.PathRef p) {
            out.add(p.path().attribute());
        } else if (o instanceof Expr.Size s) {
            collect(s.of(), out);
        }
    }

    /** Every path a condition reads, for checks on nested paths into key attributes. */
    public static List<Path> paths(Expr.Condition c) {
        List<Path> out = new ArrayList<>();
        paths(c, out);
        return out;
    }

    private static void paths(Expr.Condition c, List<Path> out) {
        if (c instanceof Expr.And a) {
            paths(a.left(), out);
            paths(a.right(), out);
        } else if (c instanceof Expr.Or o) {
            paths(o.left(), out);
            paths(o.right(), out);
        } else if (c instanceof Expr.Not n) {
            paths(n.inner(), out);
        } else if (c instanceof Expr.Compare cmp) {
            paths(cmp.left(), out);
            paths(cmp.right(), out);
        } else if (c instanceof Expr.Between b) {
            paths(b.value(), out);
            paths(b.low(), out);
            paths(b.high(), out);
        } else if (c instanceof Expr.In in) {
            paths(in.value(), out);
            in.options().forEach(o -> paths(o, out));
        } else if (c instanceof Expr.Exists e) {
            out.add(e.path());
        } else if (c instanceof Expr.AttributeType t) {
            out.add(t.path());
        } else if (c instanceof Expr.BeginsWith b) {
            paths(b.value(), out);
            paths(b.prefix(), out);
        } else if (c instanceof Expr.Contains ct) {
            paths(ct.value(), out);
            paths(ct.part(), out);
        }
    }

    private static void paths(Expr.Operand o, List<Path> out) {
        if (o instanceof Expr.PathRef p) {
            out.add(p.path());
        } else if (o instanceof Expr.Size s) {
            paths(s.of(), out);
        }
    }
}

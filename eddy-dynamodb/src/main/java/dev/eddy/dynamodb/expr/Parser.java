package dev.eddy.dynamodb.expr;

import dev.eddy.dynamodb.expr.Lexer.Kind;
import dev.eddy.dynamodb.expr.Lexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser of DynamoDB's expression grammars into {@link Syntax} trees: conditions
 * (ConditionExpression, FilterExpression, KeyConditionExpression; OR below AND below NOT below
 * comparisons, BETWEEN, IN and functions), update expressions (SET, REMOVE, ADD, DELETE sections)
 * and projections. A syntax error names the offending token and its neighbours, as DynamoDB does:
 * {@code Syntax error; token: ":", near: "hits : incr"}. Not thread-safe; one per expression.
 */
final class Parser {
    private static final Set<String> COMPARATORS = Set.of("=", "<>", "<", "<=", ">", ">=");
    private static final Set<String> SECTIONS = Set.of("SET", "REMOVE", "ADD", "DELETE");

    private final String text;
    private final List<Token> tokens;
    private int at;

    private Parser(String text) {
        this.text = text;
        this.tokens = Lexer.tokens(text);
    }

    static Syntax.Cond condition(String text) {
        Parser p = new Parser(text);
        Syntax.Cond c = p.or();
        p.expectEnd();
        return c;
    }

    static List<Syntax.UpdateAction> update(String text) {
        Parser p = new Parser(text);
        List<Syntax.UpdateAction> actions = new ArrayList<>();
        int occurrence = 0;
        do {
            Token t = p.peek();
            if (t.kind() != Kind.NAME || !SECTIONS.contains(t.text().toUpperCase(java.util.Locale.ROOT))) {
                throw p.syntaxError(t);
            }
            p.next();
            String section = t.text().toUpperCase(java.util.Locale.ROOT);
            do {
                actions.add(p.updateAction(section, occurrence));
            } while (p.accept(","));
            occurrence++;
        } while (p.peek().kind() != Kind.EOF);
        return actions;
    }

    static List<Syntax.PathOperand> projection(String text) {
        Parser p = new Parser(text);
        List<Syntax.PathOperand> paths = new ArrayList<>();
        do {
            paths.add(p.path());
        } while (p.accept(","));
        p.expectEnd();
        return paths;
    }

    // ---- conditions ----

    private Syntax.Cond or() {
        Syntax.Cond left = and();
        while (keyword("OR")) {
            next();
            left = new Syntax.Or(left, and());
        }
        return left;
    }

    private Syntax.Cond and() {
        Syntax.Cond left = not();
        while (keyword("AND")) {
            next();
            left = new Syntax.And(left, not());
        }
        return left;
    }

    private Syntax.Cond not() {
        if (keyword("NOT")) {
            next();
            return new Syntax.Not(not());
        }
        return predicate();
    }

    private Syntax.Cond predicate() {
        if (peek().isSymbol("(")) {
            int mark = at;
            ExpressionException asCondition = null;
            try {
                next();
                Syntax.Cond inner = or();
                expect(")");
                if (!startsComparison(peek())) {
                    return new Syntax.Paren(inner);
                }
            } catch (ExpressionException e) {
                asCondition = e; // perhaps a parenthesised operand starting a comparison
            }
            at = mark;
            try {
                return comparison();
            } catch (ExpressionException asOperand) {
                // report the reading that got further, as a one-pass parser would have
                throw asCondition != null && asCondition.at > asOperand.at ? asCondition : asOperand;
            }
        } else if (peek().kind() == Kind.NAME && peekAt(1).isSymbol("(")) {
            int mark = at;
            Syntax.FunctionOperand f = function();
            if (!startsComparison(peek())) {
                return new Syntax.Call(f.name(), f.args());
            }
            at = mark;
        }
        return comparison();
    }

    private Syntax.Cond comparison() {
        Syntax.Operand left = operand();
        Token t = peek();
        if (t.kind() == Kind.SYMBOL && COMPARATORS.contains(t.text())) {
            next();
            return new Syntax.Compare(t.text(), left, operand());
        }
        if (keyword("BETWEEN")) {
            next();
            Syntax.Operand low = operand();
            if (!keyword("AND")) {
                throw syntaxError(peek());
            }
            next();
            return new Syntax.Between(left, low, operand());
        }
        if (keyword("IN")) {
            next();
            expect("(");
            List<Syntax.Operand> options = new ArrayList<>();
            do {
                options.add(operand());
            } while (accept(","));
            expect(")");
            return new Syntax.In(left, options);
        }
        throw syntaxError(t);
    }

    private boolean startsComparison(Token t) {
        return t.kind() == Kind.SYMBOL && COMPARATORS.contains(t.text())
                || t.kind() == Kind.NAME
                        && (t.text().equalsIgnoreCase("BETWEEN") || t.text().equalsIgnoreCase("IN"));
    }

    private Syntax.Operand operand() {
        Token t = peek();
        if (t.isSymbol("(")) {
            next();
            Syntax.Operand inner = operand();
            expect(")");
            return new Syntax.ParenOperand(inner);
        }
        if (t.kind() == Kind.VALUE_REF) {
            next();
            return new Syntax.ValueOperand(t.text());
        }
        if (t.kind() == Kind.NAME && peekAt(1).isSymbol("(")) {
            return function();
        }
        return path();
    }

    private Syntax.FunctionOperand function() {
        Token name = next();
        expect("(");
        List<Syntax.Operand> args = new ArrayList<>();
        do {
            args.add(operand());
        } while (accept(","));
        expect(")");
        return new Syntax.FunctionOperand(name.text(), args);
    }

    private Syntax.PathOperand path() {
        List<Syntax.Element> elements = new ArrayList<>();
        elements.add(pathName());
        while (true) {
            if (peek().isSymbol(".")) {
                next();
                elements.add(pathName());
            } else if (peek().isSymbol("[")) {
                next();
                Token n = peek();
                if (n.kind() != Kind.NUMBER) {
                    throw syntaxError(n);
                }
                next();
                int index;
                try {
                    index = Integer.parseInt(n.text());
                } catch (NumberFormatException e) {
                    throw syntaxError(n);
                }
                expect("]");
                elements.add(new Syntax.Index(index));
            } else {
                return new Syntax.PathOperand(elements);
            }
        }
    }

    private Syntax.Element pathName() {
        Token t = peek();
        if (t.kind() == Kind.NAME) {
            next();
            return new Syntax.Name(t.text());
        }
        if (t.kind() == Kind.NAME_REF) {
            next();
            return new Syntax.NameRef(t.text());
        }
        throw syntaxError(t);
    }

    // ---- updates ----

    private Syntax.UpdateAction updateAction(String section, int occurrence) {
        Syntax.PathOperand path = path();
        switch (section) {
            case "SET": {
                expect("=");
                return new Syntax.UpdateAction(section, occurrence, path, setValue());
            }
            case "REMOVE":
                return new Syntax.UpdateAction(section, occurrence, path, null);
            default: {
                Token t = peek();
                if (t.kind() != Kind.VALUE_REF) {
                    throw syntaxError(t);
                }
                return new Syntax.UpdateAction(section, occurrence, path, operand());
            }
        }
    }

    private Syntax.Operand setValue() {
        Syntax.Operand left = operand();
        Token t = peek();
        if (t.isSymbol("+") || t.isSymbol("-")) {
            next();
            return new Syntax.Arithmetic(t.text(), left, operand());
        }
        return left;
    }

    // ---- tokens ----

    private Token peek() {
        return tokens.get(at);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(at + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(at);
        if (t.kind() != Kind.EOF) {
            at++;
        }
        return t;
    }

    private boolean keyword(String word) {
        Token t = peek();
        return t.kind() == Kind.NAME && t.text().equalsIgnoreCase(word);
    }

    private boolean accept(String symbol) {
        if (peek().isSymbol(symbol)) {
            next();
            return true;
        }
        return false;
    }

    private void expect(String symbol) {
        if (!accept(symbol)) {
            throw syntaxError(peek());
        }
    }

    private void expectEnd() {
        if (peek().kind() != Kind.EOF) {
            throw syntaxError(peek());
        }
    }

    /** DynamoDB's syntax error: the token, and the text from the token before it to the one after. */
    private ExpressionException syntaxError(Token t) {
        int index = tokens.indexOf(t);
        int from = index > 0 ? tokens.get(index - 1).start() : t.start();
        int to = index + 1 < tokens.size() ? tokens.get(index + 1).end() : t.end();
        to = Math.max(to, t.end());
        String near = text.substring(Math.min(from, text.length()), Math.min(to, text.length()));
        return new ExpressionException("Syntax error; token: \"" + t.text() + "\", near: \"" + near + "\"", index);
    }
}

package dev.adjoint.expression;

import dev.adjoint.autodiff.Graph;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Prints the compile outcome (every node's id, op and input ids, or every problem with its message
 * and position) of 160 000 seeded random and hand-written texts, as expressions and programs:
 * compiled against two builds (this class compiled against each), the two outputs are compared
 * byte for byte to show a change of the lexer, parser, compiler or graph builder gives the same
 * answers (see BENCHMARKS.md, "Issue 16, fourth pass: the compiler").
 */
public class CompileOutcomeDump {
  static final String[] PIECES = {"x", "y", "z", "A", "v", "sin", "cos", "log", "ln", "pow", "sum", "mean", "transpose", "foo", "sinn", "2", "0.5", "1e999", "3", "0", "1",
    "+", "-", "*", "/", "^", "**", "(", ")", ",", "@", "'", "[", "]", " ", "=", ";", "\n", "#c\n", "×", "−", "²", "√", "é", "$", "pi", "e", "t1", "a", "b"};
  static void run(StringBuilder out, ExpressionCompiler c, String text, boolean program, Map<String, int[]> shapes) { run(out, c, text, program, shapes, null); }
  static void run(StringBuilder out, ExpressionCompiler c, String text, boolean program, Map<String, int[]> shapes, String output) {
    out.append(program ? "P " : "X ").append(output).append(' ').append(text.replace("\n", "\\n")).append(" => ");
    try {
      CompiledExpression ce = program ? c.program(text, shapes, output, null) : c.expression(text, shapes, null);
      Graph g = ce.graph();
      out.append("ok ").append(ce.output()).append(' ').append(ce.wrt());
      for (int i = 0; i < g.size(); i++) out.append(' ').append(g.id(i)).append('=').append(g.kind(i) == Graph.Kind.OPERATION ? g.op(i).symbol() + g.inputIds(i) : g.kind(i));
    } catch (ExpressionSyntaxException e) {
      out.append("syntax ").append(e.getMessage()).append(' ').append(e.position()).append(' ').append(e.problems());
    } catch (NotComputableException e) {
      out.append("notcomputable ").append(e.diagnostics());
    } catch (RuntimeException e) {
      out.append(e.getClass().getSimpleName()).append(' ').append(e.getMessage());
    }
    out.append('\n');
  }
  public static void main(String[] args) {
    StringBuilder out = new StringBuilder();
    ExpressionCompiler c = new ExpressionCompiler(Limits.DEFAULT);
    Map<String, int[]> shapes = new LinkedHashMap<>();
    shapes.put("x", new int[0]); shapes.put("y", new int[0]); shapes.put("z", new int[0]); shapes.put("v", new int[] {3}); shapes.put("A", new int[] {2, 3});
    Random r = new Random(7);
    for (int i = 0; i < 30000; i++) {
      StringBuilder t = new StringBuilder();
      int n = 1 + r.nextInt(12);
      for (int k = 0; k < n; k++) t.append(PIECES[r.nextInt(PIECES.length)]);
      run(out, c, t.toString(), false, shapes);
      run(out, c, "a = " + t, true, shapes);
      run(out, c, t + "\nb = a + x", true, shapes);
    }
    String[] hand = {"sum(A, 0) @ [1, 10]", "sum(A, 2)", "sum(A, 0, 1)", "log(x, 2)", "log(x, 10)", "v[1.5]", "A[1, 0] + A[1]", "A[5]", "[]", "f()", "sin()",
      "(x + y", "x + y)", "[x, y)", "(x]", "transpose(A) @ v", "A' @ [1, 2]", "v'", "x'", "-x^2", "2^3^x", "a + b", "sinx", "ln x", "sin 2", "x y", "x = 3", "x;y",
      "a = x\na = y", "x = 2", "b = a\na = x", "a = x\n\n  \nc = a * unknown", "= x", "a x", "a = (", "a = x\nb = ((y", "1e400 + x", "mean(A, 1) @ [1, 10]", "sum(v @ A, 0)"};
    String[] lhs = {"a", "b", "c", "pi", "e", "x", "t1", "t2", "a1", "bb", "é", "v"};
    String[] outs = {null, null, null, "a", "b", "x", "zz", "t1", "c", "v"};
    for (int i = 0; i < 30000; i++) {
      StringBuilder t = new StringBuilder();
      int lines = 1 + r.nextInt(7);
      for (int l = 0; l < lines; l++) {
        if (r.nextInt(12) != 0) t.append(lhs[r.nextInt(lhs.length)]).append(r.nextInt(10) == 0 ? " " : " = ");
        int n = 1 + r.nextInt(8);
        for (int k = 0; k < n; k++) {
          String p = r.nextInt(3) == 0 ? lhs[r.nextInt(lhs.length)] : PIECES[r.nextInt(PIECES.length)];
          t.append(p.equals("\n") || p.equals(";") || p.equals("#c\n") ? "+" : p);
        }
        t.append(r.nextInt(5) == 0 ? ";" : "\n");
      }
      run(out, c, t.toString(), true, shapes, outs[r.nextInt(outs.length)]);
      if (i % 3 == 0) run(out, c, t.toString().replace('\n', ' '), false, shapes);
    }
    // valid chains: each line over the line before, sharing and generated ids
    for (int i = 0; i < 3000; i++) {
      StringBuilder t = new StringBuilder();
      int lines = 1 + r.nextInt(40);
      String[] ops = {" * ", " + ", " - ", " / ", "^"};
      for (int l = 0; l < lines; l++) {
        String prev = l == 0 ? "x" : "q" + r.nextInt(l);
        String prev2 = l == 0 ? "y" : "q" + r.nextInt(l);
        t.append("q").append(l).append(" = ").append(r.nextBoolean() ? "sin(" + prev + ")" : prev).append(ops[r.nextInt(ops.length)])
         .append(r.nextBoolean() ? prev2 : String.valueOf(r.nextInt(4))).append(r.nextInt(4) == 0 ? " + x*y" : "").append(r.nextInt(6) == 0 ? " + " + prev + ops[r.nextInt(ops.length)] + prev2 : "").append('\n');
      }
      run(out, c, t.toString(), true, shapes, r.nextInt(5) == 0 ? "q0" : null);
    }
    for (String h : hand) { run(out, c, h, false, shapes); run(out, c, h, true, shapes); }
    System.out.print(out);
  }
}

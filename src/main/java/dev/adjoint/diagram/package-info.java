/**
 * Pictures of a computation: a {@link dev.adjoint.diagram.Diagram} (boxes with lines of text,
 * labelled edges) laid out left to right by Eclipse ELK's layered algorithm and drawn as SVG, or
 * written as Graphviz DOT or Mermaid for tools that lay graphs out themselves.
 *
 * <p>Knows nothing of gradients: the web layer turns a trace into a diagram. Must not use
 * {@code web}, Spring or Jackson.
 */
package dev.adjoint.diagram;

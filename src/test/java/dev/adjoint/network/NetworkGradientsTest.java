package dev.adjoint.network;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Network gradients against central finite differences of the loss, on random networks (seeded). */
class NetworkGradientsTest {

    private static final NetworkLimits LIMITS = new NetworkLimits(1_000_000, 1000, 10_000_000, 1_000_000_000L, 100_000);

    @Test
    void everyWeightBiasAndInputGradientMatchesCentralDifferences() {
        Random random = new Random(20261127);
        int checked = 0;
        for (int trial = 0; trial < 40; trial++) {
            Loss loss = Loss.values()[trial % 3];
            Network net = randomNetwork(random, loss);
            List<Example> examples = randomExamples(random, net, 1 + random.nextInt(3));
            NetworkResult r = NetworkGradients.compute(net, examples, false, LIMITS);
            for (int i = 0; i < net.layers().size(); i++) {
                double[][] w = net.layers().get(i).weights();
                for (int a = 0; a < w.length; a++) {
                    for (int b = 0; b < w[a].length; b++) {
                        double original = w[a][b];
                        double h = 1e-6;
                        w[a][b] = original + h;
                        double up = NetworkGradients.compute(net, examples, false, LIMITS).loss();
                        w[a][b] = original - h;
                        double down = NetworkGradients.compute(net, examples, false, LIMITS).loss();
                        w[a][b] = original;
                        assertClose(r.layers().get(i).weights()[a][b], (up - down) / (2 * h), "trial " + trial + " W" + (i + 1));
                        checked++;
                    }
                }
                double[] bias = net.layers().get(i).bias();
                if (bias != null) {
                    for (int j = 0; j < bias.length; j++) {
                        double original = bias[j];
                        bias[j] = original + 1e-6;
                        double up = NetworkGradients.compute(net, examples, false, LIMITS).loss();
                        bias[j] = original - 1e-6;
                        double down = NetworkGradients.compute(net, examples, false, LIMITS).loss();
                        bias[j] = original;
                        assertClose(r.layers().get(i).bias()[j], (up - down) / 2e-6, "trial " + trial + " b" + (i + 1));
                        checked++;
                    }
                }
            }
            double[] x = examples.get(0).x();
            for (int j = 0; j < x.length; j++) {
                double original = x[j];
                x[j] = original + 1e-6;
                double up = NetworkGradients.compute(net, examples, false, LIMITS).loss();
                x[j] = original - 1e-6;
                double down = NetworkGradients.compute(net, examples, false, LIMITS).loss();
                x[j] = original;
                assertClose(r.inputGradient()[0][j], (up - down) / 2e-6, "trial " + trial + " x");
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(500);
    }

    @Test
    void outInLayoutGivesTransposedGradients() {
        Random random = new Random(7);
        Network inOut = randomNetwork(random, Loss.SQUARED_ERROR);
        List<Layer> transposed = new ArrayList<>();
        for (Layer l : inOut.layers()) {
            transposed.add(new Layer(transpose(l.weights()), l.bias(), l.activation()));
        }
        Network outIn = new Network(WeightLayout.OUT_IN, transposed, inOut.loss());
        List<Example> examples = randomExamples(random, inOut, 2);
        NetworkResult a = NetworkGradients.compute(inOut, examples, false, LIMITS);
        NetworkResult b = NetworkGradients.compute(outIn, examples, false, LIMITS);
        assertThat(b.loss()).isEqualTo(a.loss());
        for (int i = 0; i < a.layers().size(); i++) {
            assertThat(b.layers().get(i).weights()).isDeepEqualTo(transpose(a.layers().get(i).weights()));
        }
    }

    @Test
    void aBatchIsTheMeanOfItsExamples() {
        Random random = new Random(11);
        Network net = randomNetwork(random, Loss.CROSS_ENTROPY);
        List<Example> examples = randomExamples(random, net, 3);
        NetworkResult batch = NetworkGradients.compute(net, examples, false, LIMITS);
        double meanLoss = 0;
        double meanGradient = 0;
        for (Example e : examples) {
            NetworkResult one = NetworkGradients.compute(net, List.of(e), true, LIMITS);
            meanLoss += one.loss() / 3;
            meanGradient += one.layers().get(0).weights()[0][0] / 3;
        }
        assertClose(batch.loss(), meanLoss, "loss");
        assertClose(batch.layers().get(0).weights()[0][0], meanGradient, "W1[0][0]");
        assertThat(batch.inputGradient()).hasNumberOfRows(3);
    }

    @Test
    void softmaxWithCrossEntropyIsFiniteAtALogitGapOf745() {
        // u = (0, 745) for x = 1: the true class 0 has probability e^-745, which rounds to 0 as a double.
        Network net = new Network(WeightLayout.IN_OUT, List.of(new Layer(new double[][] {{0.0, 745.0}}, null, Activation.SOFTMAX)),
                Loss.CROSS_ENTROPY);
        NetworkResult r = NetworkGradients.compute(net, List.of(new Example(new double[] {1.0}, 0.0, null)), true, LIMITS);
        assertThat(r.loss()).isEqualTo(745.0);
        // dJ/dz1 = -1 / e^-745 overflows: the trace says so, and nothing else is affected.
        assertThat(r.warnings()).hasSize(1);
        assertThat(r.warnings().get(0).node()).isEqualTo("z1");
        assertThat(node(r, "z1").gradient().get(0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(r.layers().get(0).weights()[0][0]).isCloseTo(-1.0, org.assertj.core.data.Offset.offset(1e-300));
        assertThat(r.layers().get(0).weights()[0][1]).isEqualTo(1.0);
        assertThat(r.inputGradient()[0][0]).isEqualTo(745.0);
        // The trace keeps z1 as the softmax probabilities, and J as the fused op of the logits.
        NetworkResult.Node z1 = node(r, "z1");
        assertThat(z1.op()).isEqualTo("softmax");
        assertThat(z1.value().get(1)).isEqualTo(1.0);
        NetworkResult.Node j = node(r, "J");
        assertThat(j.op()).isEqualTo("softmax_cross_entropy");
        assertThat(j.inputs()).containsExactly("u1", "y");
        assertThat(node(r, "u1").gradient().get(1)).isEqualTo(1.0);
    }

    @Test
    void theProbabilitiesKeepTheirAdjointMinusYOverYHat() {
        Random random = new Random(5);
        Network net = randomNetwork(random, Loss.CROSS_ENTROPY);
        List<Example> one = randomExamples(random, net, 1);
        NetworkResult r = NetworkGradients.compute(net, one, true, LIMITS);
        String last = "z" + net.layers().size();
        NetworkResult.Node z = node(r, last);
        int label = (int) Math.rint(one.get(0).label());
        for (int k = 0; k < z.value().size(); k++) {
            double want = k == label ? -1.0 / z.value().get(k) : 0.0;
            assertThat(z.gradient().get(k)).as(last + "[" + k + "]").isCloseTo(want, org.assertj.core.data.Offset.offset(1e-12 * (1 + Math.abs(want))));
        }
    }

    @Test
    void crossEntropyAfterALinearLayerIsSoftmaxCrossEntropyOnTheLogits() {
        Random random = new Random(17);
        Network softmax = randomNetwork(random, Loss.CROSS_ENTROPY);
        List<Layer> layers = new ArrayList<>(softmax.layers());
        Layer last = layers.get(layers.size() - 1);
        layers.set(layers.size() - 1, new Layer(last.weights(), last.bias(), Activation.LINEAR));
        Network linear = new Network(WeightLayout.IN_OUT, layers, Loss.CROSS_ENTROPY);
        List<Example> examples = randomExamples(random, softmax, 3);
        NetworkResult a = NetworkGradients.compute(softmax, examples, false, LIMITS);
        NetworkResult b = NetworkGradients.compute(linear, examples, false, LIMITS);
        assertThat(b.loss()).isEqualTo(a.loss());
        assertThat(Double.isFinite(b.loss())).isTrue();
        for (int i = 0; i < layers.size(); i++) {
            assertThat(b.layers().get(i).weights()).isDeepEqualTo(a.layers().get(i).weights());
        }
        // The linear network's predictions are its logits, whose softmax is the other's predictions.
        double[] logits = b.predictions()[0];
        double sum = 0;
        for (double v : logits) {
            sum += Math.exp(v);
        }
        assertThat(a.predictions()[0][0]).isCloseTo(Math.exp(logits[0]) / sum, org.assertj.core.data.Offset.offset(1e-12));
    }

    private static NetworkResult.Node node(NetworkResult r, String id) {
        return r.nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }

    static Network randomNetwork(Random random, Loss loss) {
        int layers = 1 + random.nextInt(3);
        int width = 1 + random.nextInt(4);
        List<Layer> list = new ArrayList<>();
        Activation[] hidden = {Activation.SIGMOID, Activation.TANH, Activation.LINEAR, Activation.SOFTMAX};
        for (int i = 0; i < layers; i++) {
            boolean last = i == layers - 1;
            int out = last ? (loss == Loss.BINARY_CROSS_ENTROPY ? 1 : 2 + random.nextInt(3)) : 1 + random.nextInt(4);
            double[][] w = new double[width][out];
            for (double[] row : w) {
                for (int j = 0; j < out; j++) {
                    row[j] = random.nextGaussian();
                }
            }
            double[] bias = random.nextBoolean() ? random.doubles(out, -1, 1).toArray() : null;
            Activation a = last ? (loss == Loss.CROSS_ENTROPY ? Activation.SOFTMAX : loss == Loss.BINARY_CROSS_ENTROPY
                    ? Activation.SIGMOID : Activation.TANH) : hidden[random.nextInt(hidden.length)];
            list.add(new Layer(w, bias, a));
            width = out;
        }
        return new Network(WeightLayout.IN_OUT, list, loss);
    }

    static List<Example> randomExamples(Random random, Network net, int n) {
        int in = net.layers().get(0).weights().length;
        double[][] last = net.layers().get(net.layers().size() - 1).weights();
        int out = last[0].length;
        List<Example> examples = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            double[] x = random.doubles(in, -2, 2).toArray();
            examples.add(switch (net.loss()) {
                case BINARY_CROSS_ENTROPY -> new Example(x, (double) random.nextInt(2), null);
                case CROSS_ENTROPY -> new Example(x, (double) random.nextInt(out), null);
                case SQUARED_ERROR -> new Example(x, null, random.doubles(out, -1, 1).toArray());
            });
        }
        return examples;
    }

    private static double[][] transpose(double[][] m) {
        double[][] t = new double[m[0].length][m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[0].length; j++) {
                t[j][i] = m[i][j];
            }
        }
        return t;
    }

    private static void assertClose(double got, double want, String what) {
        assertThat(Math.abs(got - want)).as(what + ": got " + got + ", finite difference " + want)
                .isLessThanOrEqualTo(1e-6 + 1e-5 * Math.abs(want));
    }
}

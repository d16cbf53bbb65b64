package dev.adjoint.network;

import dev.adjoint.autodiff.Evaluation;
import dev.adjoint.autodiff.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One gradient step (forward and backward sweep, gradients of every weight) of the networks
 * ../shared/bench/torch_anchor.py times in PyTorch: sigmoid hidden layers, a softmax output with
 * cross-entropy on a class index, no biases, weights and data already in memory.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NetworkStepBenchmark {

    /** Layer widths, then ":" and the batch size. */
    @Param({"3-4-3-1:1", "128-64-10:1", "784-256-10:64", "784-1024-1024-10:128"})
    public String shape;

    private NetworkGraph net;
    private Network network;
    private List<Example> examples;
    private Map<String, Tensor> inputs;
    private Set<String> wrt;

    @Setup
    public void setUp() {
        String[] parts = shape.split(":");
        int[] widths = java.util.Arrays.stream(parts[0].split("-")).mapToInt(Integer::parseInt).toArray();
        int batch = Integer.parseInt(parts[1]);
        Random random = new Random(1);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i + 1 < widths.length; i++) {
            double[][] w = new double[widths[i]][widths[i + 1]];
            for (double[] row : w) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = random.nextGaussian();
                }
            }
            boolean last = i + 2 == widths.length;
            layers.add(new Layer(w, null, last ? Activation.SOFTMAX : Activation.SIGMOID));
        }
        network = new Network(WeightLayout.IN_OUT, layers, Loss.CROSS_ENTROPY);
        examples = new ArrayList<>();
        for (int k = 0; k < batch; k++) {
            examples.add(new Example(random.doubles(widths[0]).map(v -> v * 2 - 1).toArray(),
                    (double) random.nextInt(widths[widths.length - 1]), null));
        }
        net = NetworkGraph.compile(network, examples, false, new NetworkLimits(Long.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE));
        inputs = net.inputs(Parameters.of(network), examples);
        wrt = NetworkGradients.differentiated(net);
        wrt.remove("x");
    }

    @Benchmark
    public Evaluation gradientStep() {
        return Evaluation.run(net.graph, inputs, wrt, net.loss);
    }

    /** What /networks/gradient computes (validation, graph, sweeps, the answer's nodes and gradients), without HTTP and JSON. */
    @Benchmark
    public NetworkResult networksGradient() {
        return NetworkGradients.compute(network, examples, false, LIMITS);
    }

    private static final NetworkLimits LIMITS = new NetworkLimits(Long.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE);
}

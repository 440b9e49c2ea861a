namespace TfBnPort.Tensorflow;

public static partial class tf
{
    /// <summary>Python's DEFAULT_GRAPH_SEED, used when an op seed is given without a graph seed.</summary>
    public const int DefaultGraphSeed = 87654321;
    private const long MaxInt32 = int.MaxValue;

    /// <summary>
    /// random_seed.get_seed: (graph seed, op seed) for a random op. With a graph seed and no op seed
    /// the op seed is the graph's op counter, which is why op creation order decides initial weights.
    /// </summary>
    public static (long Seed, long Seed2) get_seed(int? op_seed, Graph? graph = null)
    {
        graph ??= get_default_graph();
        long? s1, s2;
        if (graph.Seed is { } global)
        {
            s1 = global % MaxInt32;
            s2 = (op_seed ?? graph.LastId) % MaxInt32;
        }
        else if (op_seed is { } op)
        {
            s1 = DefaultGraphSeed;
            s2 = op % MaxInt32;
        }
        else
        {
            s1 = s2 = null;
        }
        if (s1 == 0 && s2 == 0) return (0, MaxInt32);
        return (s1 ?? 0, s2 ?? 0);
    }

    private static Tensor RandomOp(string type, int[] shape, DType dtype, int? seed, string name)
    {
        var graph = get_default_graph();
        var (s1, s2) = get_seed(seed, graph);
        var shapeTensor = constant(shape, name: "shape");
        return graph.NewOperation(type, name).Input(shapeTensor).Attr("dtype", dtype).Attr("seed", s1).Attr("seed2", s2).Finish().Output(0);
    }

    public static Tensor random_uniform(int[] shape, double minval = 0, double maxval = 1, DType dtype = DType.Float, int? seed = null, string? name = null)
    {
        using var scope = name_scope(name ?? "random_uniform");
        var min = constant(TensorValue.From(minval).CastTo(dtype), name: "min");
        var max = constant(TensorValue.From(maxval).CastTo(dtype), name: "max");
        var rnd = RandomOp("RandomUniform", shape, dtype, seed, "RandomUniform");
        var range = subtract(max, min, name: "sub");
        var scaled = multiply(rnd, range, name: "mul");
        return get_default_graph().NewOperationExact("Add", scope.ScopeName).Input(scaled).Input(min).Finish().Output(0);
    }

    public static Tensor random_normal(int[] shape, double mean = 0, double stddev = 1, DType dtype = DType.Float, int? seed = null, string? name = null) =>
        ScaledNormal("RandomStandardNormal", shape, mean, stddev, dtype, seed, name ?? "random_normal");

    public static Tensor truncated_normal(int[] shape, double mean = 0, double stddev = 1, DType dtype = DType.Float, int? seed = null, string? name = null) =>
        ScaledNormal("TruncatedNormal", shape, mean, stddev, dtype, seed, name ?? "truncated_normal");

    private static Tensor ScaledNormal(string type, int[] shape, double mean, double stddev, DType dtype, int? seed, string name)
    {
        using var scope = name_scope(name);
        var meanT = constant(TensorValue.From(mean).CastTo(dtype), name: "mean");
        var stddevT = constant(TensorValue.From(stddev).CastTo(dtype), name: "stddev");
        var rnd = RandomOp(type, shape, dtype, seed, type);
        var mul = multiply(rnd, stddevT, name: "mul");
        return get_default_graph().NewOperationExact("Add", scope.ScopeName).Input(mul).Input(meanT).Finish().Output(0);
    }

    /// <summary>Uniform [0,1) noise of a run-time shape (what dropout needs).</summary>
    internal static Tensor RandomUniformDynamic(Tensor shape, DType dtype, int? seed, string name)
    {
        var graph = shape.Graph;
        var (s1, s2) = get_seed(seed, graph);
        return graph.NewOperation("RandomUniform", name).Input(shape).Attr("dtype", dtype).Attr("seed", s1).Attr("seed2", s2).Finish().Output(0);
    }
}

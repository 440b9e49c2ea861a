using TfBnPort.Tensorflow.Native;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow;

/// <summary>
/// The TF1 API facade: `tf.placeholder`, `tf.nn.relu`, `tf.layers.dense`, `tf.train.AdamOptimizer`...
/// named as the Python the seeds use, so a seed and its C# port read line for line.
/// </summary>
public static partial class tf
{
    public const DType float32 = DType.Float;
    public const DType float64 = DType.Double;
    public const DType int32 = DType.Int32;
    public const DType int64 = DType.Int64;
    public const DType uint8 = DType.UInt8;
    public const DType @bool = DType.Bool;
    public const DType @string = DType.String;

    public static string VERSION => TfNative.PtrToString(TfNative.TF_Version());

    public static Graph get_default_graph() => DefaultGraph.Get();
    public static void reset_default_graph() => DefaultGraph.Reset();

    /// <summary>tf.set_random_seed: the graph-level seed every random op derives its seeds from.</summary>
    public static void set_random_seed(int seed) => get_default_graph().Seed = seed;

    public static NameScope name_scope(string? name) => get_default_graph().NameScope(name);

    public static IDisposable control_dependencies(IEnumerable<object>? controls) => get_default_graph().ControlDependencies(controls);

    public static List<object> get_collection(string key, string? scope = null) => get_default_graph().GetCollection(key, scope);
    public static void add_to_collection(string key, object value) => get_default_graph().AddToCollection(key, value);

    public static Session Session(Graph? graph = null, ConfigProto? config = null) => new(graph, config);

    /// <summary>tf.Session("grpc://host:port", graph, config): a session run by a tf.train.Server.</summary>
    public static Session Session(string target, Graph? graph = null, ConfigProto? config = null) => new(target, graph, config);

    public static Tensor convert_to_tensor(object value, DType? dtype = null) => OpHelper.ToTensor(value, dtype);

    // ---------- sources ----------

    public static Tensor placeholder(DType dtype, TensorShape? shape = null, string? name = null)
    {
        var b = get_default_graph().NewOperation("Placeholder", name ?? "Placeholder").Attr("dtype", dtype);
        if (shape is not null) b.Attr("shape", shape);
        return b.Finish().Output(0);
    }

    public static Tensor placeholder_with_default(object input, TensorShape shape, string? name = null)
    {
        var graph = get_default_graph();
        var value = OpHelper.ToTensor(input);
        return graph.NewOperation("PlaceholderWithDefault", name ?? "PlaceholderWithDefault")
            .Input(value).Attr("dtype", value.DType).Attr("shape", shape).Finish().Output(0);
    }

    /// <summary>tf.constant: a scalar, array, NDArray or TensorValue; with <paramref name="shape"/>, a scalar is broadcast (tf.constant(0.01, shape=[32])).</summary>
    public static Tensor constant(object value, DType? dtype = null, int[]? shape = null, string name = "Const")
    {
        var tv = TensorValue.From(value);
        if (dtype is { } d && tv.DType != d.BaseType()) tv = tv.CastTo(d);
        if (shape is not null)
        {
            var count = shape.Aggregate(1L, (a, b) => a * b);
            if (tv.Size == 1 && count != 1)
            {
                var elementSize = tv.Data.Length;
                var data = new byte[count * elementSize];
                for (var i = 0; i < count; i++) Buffer.BlockCopy(tv.Data, 0, data, i * elementSize, elementSize);
                tv = new TensorValue(tv.DType, shape.Select(x => (long)x).ToArray(), data);
            }
            else if (tv.Size == count) tv = new TensorValue(tv.DType, shape.Select(x => (long)x).ToArray(), tv.Data, tv.Strings);
            else throw new ValueError($"tf.constant: a value of {tv.Size} elements cannot have shape {new TensorShape(shape)}.");
        }
        return get_default_graph().NewOperation("Const", name).Attr("value", tv).Attr("dtype", tv.DType).Finish().Output(0);
    }

    public static Tensor identity(object input, string? name = null)
    {
        // Identity of a ref tensor (a variable) reads it: the output is a plain tensor.
        return OpHelper.Unary("Identity", OpHelper.ToTensor(input), name ?? "Identity");
    }

    public static Operation no_op(string? name = null) => get_default_graph().NewOperation("NoOp", name ?? "NoOp").Finish();

    /// <summary>tf.group: one NoOp that runs after all of <paramref name="inputs"/>.</summary>
    public static Operation group(IEnumerable<object> inputs, string? name = null)
    {
        var list = inputs.ToList();
        var graph = OpHelper.GraphOf(list.ToArray());
        using var _ = graph.as_default();
        using var deps = graph.ControlDependencies(list);
        return graph.NewOperation("NoOp", name ?? "group_deps").Finish();
    }

    public static Operation group(params object[] inputs) => group((IEnumerable<object>)inputs);
}

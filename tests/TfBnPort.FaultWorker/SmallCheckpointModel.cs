using TfBnPort.Tensorflow;

namespace TfBnPort.FaultWorker;

/// <summary>
/// Five variables of four dtypes and ranks 0 to 2, saved once as the reference checkpoint that
/// the fuzz tests damage, and built again (initialized to zeros) to restore into.
/// </summary>
public sealed class SmallCheckpointModel
{
    /// <summary>The saved values, by checkpoint key.</summary>
    public static readonly IReadOnlyDictionary<string, TensorValue> Saved = new Dictionary<string, TensorValue>
    {
        ["a"] = TensorValue.From(new float[] { 1, 2, 3 }),
        ["d"] = TensorValue.From(new double[] { 0.5, -0.25 }),
        ["global_step"] = TensorValue.From(42L),
        ["v"] = TensorValue.From(5f),
        ["w"] = TensorValue.From(new float[,] { { 7, 7, 7 }, { 7, 7, 7 } }),
    };

    private SmallCheckpointModel(IReadOnlyList<Variable> variables, Operation reset)
    {
        Variables = variables;
        Reset = reset;
    }

    public IReadOnlyList<Variable> Variables { get; }

    /// <summary>Sets every variable to zeros (the "before restore" state).</summary>
    public Operation Reset { get; }

    /// <summary>Builds the variables in the default graph, initialized to the saved values or to zeros.</summary>
    public static SmallCheckpointModel Build(bool withSavedValues)
    {
        var variables = Saved.Select(kv => tf.Variable(withSavedValues ? kv.Value : Zeros(kv.Value), name: kv.Key)).ToList();
        var reset = tf.group(variables.Select(v => (object)tf.assign(v, Zeros(Saved[v.OpName])).Op));
        return new SmallCheckpointModel(variables, reset);
    }

    public static TensorValue Zeros(TensorValue like) => new(like.DType, like.Shape, new byte[like.Data.Length]);

    /// <summary>Saves the reference values to DIR/model.ckpt and returns the prefix.</summary>
    public static string SaveReference(string dir)
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        Build(withSavedValues: true);
        var saver = tf.train.Saver();
        using var sess = tf.Session(graph);
        sess.run(tf.global_variables_initializer());
        return saver.save(sess, Path.Combine(dir, "model.ckpt"));
    }

    /// <summary>Each variable's value now, by key.</summary>
    public Dictionary<string, TensorValue> Values(Session sess)
    {
        var values = sess.RunValues(Variables.Select(v => v.Snapshot).ToArray(), Array.Empty<Operation>());
        return Variables.Select((v, i) => (v.OpName, values[i])).ToDictionary(p => p.OpName, p => p.Item2);
    }

    /// <summary>Null when every variable holds <paramref name="expected"/>'s bytes, else the first that differs.</summary>
    public string? Differs(Session sess, Func<string, TensorValue> expected)
    {
        foreach (var (key, value) in Values(sess))
        {
            var want = expected(key);
            if (value.DType != want.DType || !value.Shape.SequenceEqual(want.Shape) || !value.Data.AsSpan().SequenceEqual(want.Data))
                return $"'{key}' is {value} instead of {want}";
        }
        return null;
    }
}

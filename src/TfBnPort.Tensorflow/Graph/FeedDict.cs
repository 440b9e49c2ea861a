using System.Collections;

namespace TfBnPort.Tensorflow;

/// <summary>
/// feed_dict for Session.run: keys are Tensors (or their names), values NDArrays, C# arrays or
/// scalars. Written with a collection initializer: new FeedDict { { x, batch }, { y, labels } }.
/// </summary>
public sealed class FeedDict : IEnumerable<KeyValuePair<object, object>>
{
    private readonly List<KeyValuePair<object, object>> _items = new();

    public void Add(object key, object value) => _items.Add(new(key, value));

    public int Count => _items.Count;

    public IEnumerator<KeyValuePair<object, object>> GetEnumerator() => _items.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Checks every feed against its tensor (graph, dtype, static shape) and converts the values.</summary>
    internal List<(Tensor, TensorValue)> Resolve(Graph graph)
    {
        var result = new List<(Tensor, TensorValue)>(_items.Count);
        foreach (var (key, value) in _items)
        {
            var tensor = key switch
            {
                Tensor t => t,
                string name => ResolveName(graph, name),
                IHasTensor h => h.AsTensor(),
                _ => throw new FeedError($"Cannot interpret feed_dict key of type {key.GetType().Name} as a Tensor."),
            };
            if (!ReferenceEquals(tensor.Graph, graph))
                throw new FeedError($"Cannot feed Tensor {tensor.Name}: it belongs to another tf.Graph than the session's.");
            result.Add((tensor, Convert(tensor, value)));
        }
        return result;
    }

    private static Tensor ResolveName(Graph graph, string name)
    {
        try { return graph.GetTensorByName(name.Contains(':') ? name : name + ":0"); }
        catch (KeyError e) { throw new FeedError($"Cannot feed '{name}': {e.Message}"); }
    }

    private static TensorValue Convert(Tensor tensor, object value)
    {
        TensorValue tv;
        try { tv = TensorValue.From(value); }
        catch (TypeError e) { throw new FeedError($"Cannot feed a value to Tensor '{tensor.Name}': {e.Message}"); }
        var target = tensor.DType.BaseType();
        if (tv.DType != target)
        {
            if (!FeedCastIsSafe(tv.DType, target))
                throw new FeedError($"Cannot feed a value of dtype {tv.DType.PyName()} to Tensor '{tensor.Name}', which has dtype {target.PyName()}. " +
                                    $"Convert the value to {target.PyName()} first (or change the placeholder's dtype).");
            tv = tv.CastTo(target);
        }
        var shape = tensor.Shape;
        if (!shape.IsCompatibleWith(new TensorShape(tv.Shape)))
            throw new FeedError($"Cannot feed value of shape {tv.ShapeString} for Tensor '{tensor.Name}', which has shape '{shape}'.");
        return tv;
    }

    /// <summary>Like numpy.asarray(value, dtype) in TF1 feeds, but refusing casts that lose meaning (float→int, anything↔bool/string).</summary>
    private static bool FeedCastIsSafe(DType from, DType to) =>
        (to.IsFloating() && (from.IsFloating() || from.IsInteger())) ||
        (to == DType.Int64 && from.IsInteger()) ||
        (to == DType.Int32 && from is DType.UInt8 or DType.Int8 or DType.Int16);
}

/// <summary>Something that stands for a tensor (a Variable, for instance).</summary>
public interface IHasTensor
{
    Tensor AsTensor();
}

namespace TfBnPort.Tensorflow;

/// <summary>Ghost batch normalization: each virtual sub-batch is normalized on its own statistics.</summary>
internal sealed partial class KerasBatchNorm
{
    /// <summary>
    /// keras call's virtual batching: [B, ...] reshaped to [virtual_batch_size, B/virtual_batch_size, ...]
    /// (so sub-batch j holds rows j, j + B/vbs, ...), and the reshape back. The runtime reshape fails
    /// if virtual_batch_size does not divide the batch, as in TF.
    /// </summary>
    private (Tensor Inputs, Func<Tensor, Tensor> Undo) ToVirtualBatches(Tensor inputs)
    {
        var shape = inputs.Shape;
        var inner = Enumerable.Range(1, shape.Rank - 1).Select(i => shape[i]).ToArray();
        if (inner.Any(d => d < 0))
            throw new ValueError($"virtual_batch_size needs every dimension but the batch known; {inputs.Name} has shape {shape}.");
        var originalShape = new[] { -1 }.Concat(inner.Select(d => (int)d)).ToArray();
        var expandedShape = new[] { _o.VirtualBatchSize!.Value, -1 }.Concat(originalShape.Skip(1)).ToArray();
        var expanded = tf.reshape(inputs, expandedShape, name: "Reshape");
        return (expanded, outputs => tf.reshape(outputs, originalShape, name: "Reshape"));
    }
}

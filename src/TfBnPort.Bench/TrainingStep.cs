using NumSharp;
using TfBnPort.Tensorflow;

namespace TfBnPort.Bench;

/// <summary>
/// One sample's training step, ready to time: the session, the placeholders and one batch of
/// values for them (as NDArrays, the way the sample feeds them), and what the step runs.
/// </summary>
public sealed class TrainingStep(string name, Session session, Tensor[] feeds, NDArray[] batch, Operation[] targets, Tensor[] fetches, int batchSize, IDisposable owner) : IDisposable
{
    public string Name { get; } = name;
    public Session Session { get; } = session;
    public int BatchSize { get; } = batchSize;

    /// <summary>The step as the sample writes it: sess.run([train_op, loss...], feed_dict) through the TF1 facade.</summary>
    public void RunFacade()
    {
        var feed = new FeedDict();
        for (var i = 0; i < feeds.Length; i++) feed.Add(feeds[i], batch[i]);
        Session.run(fetches.Cast<object>().Concat(targets).ToList(), feed);
    }

    /// <summary>The facade step with run options and metadata (a traced step fills <paramref name="run_metadata"/>).</summary>
    public void RunFacade(TfBnPort.Tensorflow.Protos.RunOptions? options, TfBnPort.Tensorflow.Protos.RunMetadata? run_metadata)
    {
        var feed = new FeedDict();
        for (var i = 0; i < feeds.Length; i++) feed.Add(feeds[i], batch[i]);
        Session.run(fetches.Cast<object>().Concat(targets).ToList(), feed, options, run_metadata);
    }

    /// <summary>The same step on the P/Invoke layer only (the floor).</summary>
    public Action NativeRunner()
    {
        var raw = new RawSession(Session, feeds, fetches, targets);
        // The floor gets its batch already in the placeholders' dtypes (the facade converts, e.g. float64 one-hot labels, every step).
        var values = batch.Select((b, i) => TensorValue.FromNDArray(b).CastTo(feeds[i].DType)).ToArray();
        return () => raw.Run(values);
    }

    public void Dispose()
    {
        Session.Dispose();
        owner.Dispose();
    }
}

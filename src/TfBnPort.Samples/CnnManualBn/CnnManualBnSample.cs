using System.Diagnostics;
using NumSharp;
using TfBnPort.Data;
using TfBnPort.Tensorflow;

namespace TfBnPort.Samples.CnnManualBn;

/// <summary>
/// Seed 001 (<c>cnn-manual-bn</c>): a two-conv CNN with batch norm written by hand (tf.nn.moments,
/// tf.assign moving averages), trained once, then tested three ways: as written (what the document
/// prints), on the fresh test graph the document builds, and as intended (a test graph sharing the
/// trained variables).
/// </summary>
public sealed class CnnManualBnSample : ISample
{
    public const string SampleName = "cnn-manual-bn";
    public const string AsWritten = "as_written";
    public const string FreshTestGraph = "as_written_test_graph";
    public const string AsIntended = "as_intended";
    public const int TestBatch = 50;

    /// <summary>Batch metrics are recorded every this many steps (the document logs every 500).</summary>
    public const int RecordEvery = 10;

    public string Name => SampleName;
    public string Title => "CNN conv5x5x32/conv5x5x64 + hand-written BN (nn.moments, assign decay 0.9), fc1024 + dropout, Adam 0.0005 (Chinese blog)";
    public string Document => "001_618e0a82a6da9e53.txt";
    public SampleDefaults Defaults { get; } = new(Epochs: 5, Steps: null, BatchSize: 64, Seed: null,
        StepsMeaning: "num_steps, steps per epoch (default int(n_tr / batch_size) = 859)");

    public SampleResult Run(SampleOptions options)
    {
        var clock = Stopwatch.StartNew();
        var log = options.Log;
        var result = new SampleResult(Name, options.SampleDirectory(Name));

        // Load MNIST dataset (NumPy's global RNG, reseeded by each DataSet as TF does, is a private RandomState here)
        var mnist = InputData.ReadDataSets(oneHot: true, graphSeed: options.Seed, random: RunRandom.Create(options.Seed));
        var train = options.Limit is { } limit && limit < mnist.Train.NumExamples ? mnist.Train.Take(limit) : mnist.Train;
        var test = options.TestLimit is { } testLimit && testLimit < mnist.Test.NumExamples ? mnist.Test.Take(testLimit) : mnist.Test;
        var n_tr = train.NumExamples; // number of training samples
        var n_ts = test.NumExamples; // number of testing samples
        if (n_ts < TestBatch) throw new SampleException($"cnn-manual-bn tests in batches of {TestBatch}: --test-limit must be at least {TestBatch}.");

        var g = CnnManualBnGraph.Build(options.Seed);
        var epochs = options.Epochs ?? Defaults.Epochs!.Value;
        var batch_size = options.BatchSize ?? Defaults.BatchSize;
        var num_steps = options.Steps ?? n_tr / batch_size;
        var total = epochs * num_steps;
        var tempDir = Path.Combine(result.OutputDirectory, "temp1");
        Directory.CreateDirectory(tempDir);
        var done = 0;

        // Create a session
        using (g.graph_cnn.as_default()) // `with tf.Session(graph=graph_cnn) as sess` also makes graph_cnn the default graph
        using (var sess = tf.Session(g.graph_cnn))
        {
            // Initialize variables
            var init_op = tf.global_variables_initializer();
            sess.run(init_op);
            for (var epoch = 0; epoch < epochs && !result.Interrupted; epoch++)
            {
                for (var step = 0; step < num_steps; step++)
                {
                    if (options.Cancellation.IsCancellationRequested) { result.Interrupted = true; break; }
                    var (batch_data, batch_labels) = train.NextBatch(batch_size);
                    var feed_dict = new FeedDict { { g.x, batch_data }, { g.y_, batch_labels }, { g.keep_prob, 0.5f } };
                    // Train
                    var (loss, batchAccuracy) = TrainStep(sess, g, feed_dict);
                    done++;
                    options.Progress?.Report(new TrainingProgress("train", done, total, loss, batchAccuracy));
                    if (done % RecordEvery == 0 || done == 1)
                    {
                        result.Add("train", done, "batch_loss", loss);
                        result.Add("train", done, "batch_accuracy", batchAccuracy);
                    }
                    if (step % 500 == 0)
                    {
                        feed_dict = new FeedDict { { g.x, batch_data }, { g.y_, batch_labels }, { g.keep_prob, 1f } };
                        loss = sess.run(g.cross_entropy, feed_dict).GetSingle();
                        log.WriteLine($"Loss: {PyFormat.Str(loss)}");
                        result.Add("train", done, "loss", loss);
                    }
                }
            }
            // Save the model
            var saved_model = g.saver.save(sess, Path.Combine(tempDir, "model.ckpt"));
            result.CheckpointPath = saved_model;
            result.Checkpoints["trained"] = saved_model;
        }
        if (result.Interrupted)
        {
            log.WriteLine($"[port] Interrupted after {done} of {total} training steps; the model of that step is saved in {result.CheckpointPath}.");
            result.Elapsed = clock.Elapsed;
            return result;
        }

        // Set it as testing model: the document's test graph, on fresh variables.
        var y = g.TestModel(shareTrainedVariables: false);
        var written = Test(g, g.correct_prediction, tempDir, test, n_ts); // the document's loop: correct_prediction is the training graph's
        log.WriteLine($"Testing Accuracy: {PyFormat.Str(written)}");
        var fresh = Test(g, g.CorrectPrediction(y), tempDir, test, n_ts);
        log.WriteLine($"[port] the fresh test graph the document builds (never run by it) would score {PyFormat.Str(fresh)}");
        var intended = Test(g, g.CorrectPrediction(g.TestModel(shareTrainedVariables: true)), tempDir, test, n_ts);
        log.WriteLine($"[port] as intended (test graph sharing the trained variables): Testing Accuracy: {PyFormat.Str(intended)}");

        var examples = n_ts / TestBatch * TestBatch;
        result.AddAccuracy(AsWritten, "test", written, examples);
        result.AddAccuracy(FreshTestGraph, "test", fresh, examples);
        result.AddAccuracy(AsIntended, "test", intended, examples);
        result.Explanation = CnnManualBnExplanation.Write(written, fresh, intended);
        result.Elapsed = clock.Elapsed;
        return result;
    }

    // `_, loss = sess.run([train_step, cross_entropy], feed_dict=feed_dict)`; the accuracy is added to the
    // fetches for the progress bar (same forward pass, so the training is unchanged).
    private static (float Loss, float Accuracy) TrainStep(Session sess, CnnManualBnGraph g, FeedDict feed_dict)
    {
        var values = sess.RunValues(new[] { g.cross_entropy, g.accuracy }, new[] { g.train_step }, feed_dict);
        return (values[0].ToArray<float>()[0], values[1].ToArray<float>()[0]);
    }

    /// <summary>
    /// The document's test session: initialize, restore the latest checkpoint of temp1, then
    /// n_ts/50 batches of mnist.test.next_batch(50) (200 for the 10,000 test digits), counting
    /// <paramref name="correct_prediction"/>. A new session per variant, so each starts from the checkpoint.
    /// </summary>
    private static double Test(CnnManualBnGraph g, Tensor correct_prediction, string tempDir, DataSet mnistTest, int n_ts)
    {
        using var _ = g.graph_cnn.as_default();
        using var sess = tf.Session(g.graph_cnn);
        sess.run(tf.global_variables_initializer());
        // Restore the model
        var ckpt = tf.train.get_checkpoint_state(tempDir)
                   ?? throw new CheckpointException($"No checkpoint state in {tempDir} after saving.", tempDir);
        g.saver.restore(sess, ckpt.model_checkpoint_path);
        long count = 0;
        var batches = n_ts / TestBatch;
        for (var i = 0; i < batches; i++)
        {
            var (batch_data, batch_labels) = mnistTest.NextBatch(TestBatch);
            var feed_dict = new FeedDict { { g.x, batch_data }, { g.y_, batch_labels }, { g.keep_prob, 1f } };
            var cp = sess.run(correct_prediction, feed_dict);
            count += cp.ToArray<bool>().Count(c => c);
        }
        // The document divides by n_ts; with 200 batches of 50 that is every example it counted.
        return (double)count / (batches * TestBatch);
    }

    public EvalResult Evaluate(string checkpoint, SampleOptions options)
    {
        var prefix = CheckpointArgument.Resolve(checkpoint);
        var (graph, x, y_, keep_prob, correct, saver) = CnnEvalGraph.Build();
        using var sess = tf.Session(graph);
        saver.restore(sess, prefix); // before loading the data, so a bad path fails fast
        var mnist = InputData.ReadDataSets(oneHot: true, graphSeed: options.Seed, random: RunRandom.Create(options.Seed));
        var test = options.TestLimit is { } n && n < mnist.Test.NumExamples ? mnist.Test.Take(n) : mnist.Test;
        long count = 0;
        var batches = test.NumExamples / TestBatch;
        for (var i = 0; i < batches; i++)
        {
            var (images, labels) = test.NextBatch(TestBatch);
            count += sess.run(correct, new FeedDict { { x, images }, { y_, labels }, { keep_prob, 1f } }).ToArray<bool>().Count(c => c);
        }
        var examples = batches * TestBatch;
        return new EvalResult(Name, prefix, [new FinalAccuracy("restored", "test", (double)count / examples, examples)],
            "Inference graph (is_training=False) on the restored variables: the intended test graph, normalizing with the moving averages.");
    }
}

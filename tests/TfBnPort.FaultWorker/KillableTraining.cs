using TfBnPort.Tensorflow;

namespace TfBnPort.FaultWorker;

/// <summary>
/// A training run that saves after every step, meant to be killed at any moment: it resumes
/// from the latest checkpoint of DIR, then trains and saves "DIR/model.ckpt-STEP" until
/// MAX_STEPS, printing "restored N", "saved N" and "done N". Plain SGD on sum(w * x) with x = 1
/// and w = 0 at step 0 makes every weight exactly -STEP, so a checkpoint that mixes two steps
/// (or holds torn bytes) shows.
/// </summary>
public static class KillableTraining
{
    /// <summary>4 MiB of weights: a save takes long enough for kills to land inside it.</summary>
    public const int Rows = 1024, Columns = 1024;

    public const string CheckpointName = "model.ckpt";

    public static int Run(string dir, long maxSteps)
    {
        Directory.CreateDirectory(dir);
        using var graph = new Graph();
        using var _ = graph.as_default();
        var model = TrainedModel.Build();
        var train = tf.train.GradientDescentOptimizer(1.0).minimize(model.Loss, global_step: model.Step);
        var saver = tf.train.Saver(max_to_keep: 3);
        using var sess = tf.Session(graph);
        sess.run(tf.global_variables_initializer());

        var step = 0L;
        if (tf.train.latest_checkpoint(dir) is { } latest)
        {
            saver.restore(sess, latest);
            // As a restarted Python run would (Supervisor): old checkpoints still count towards max_to_keep.
            saver.recover_last_checkpoints(tf.train.get_checkpoint_state(dir)!.all_model_checkpoint_paths);
            step = model.StepValue(sess);
            Console.WriteLine($"restored {step}");
        }
        var feed = new FeedDict { { model.X, Ones() } };
        while (step < maxSteps)
        {
            sess.run(train, feed);
            saver.save(sess, Path.Combine(dir, CheckpointName), global_step: model.Step);
            step = model.StepValue(sess);
            Console.WriteLine($"saved {step}");
        }
        Console.WriteLine($"done {step}");
        return 0;
    }

    private static float[,] Ones()
    {
        var x = new float[Rows, Columns];
        for (var i = 0; i < Rows; i++)
            for (var j = 0; j < Columns; j++) x[i, j] = 1f;
        return x;
    }
}

/// <summary>The graph of <see cref="KillableTraining"/>: w (Rows × Columns, zeros), x, loss = sum(w * x), global_step (int64).</summary>
public sealed class TrainedModel
{
    private TrainedModel(Tensor x, Variable w, Variable step, Tensor loss)
    {
        X = x;
        W = w;
        Step = step;
        Loss = loss;
    }

    public Tensor X { get; }
    public Variable W { get; }
    public Variable Step { get; }
    public Tensor Loss { get; }

    /// <summary>Builds the variables and the loss in the default graph (the same names every time, for restore).</summary>
    public static TrainedModel Build()
    {
        var x = tf.placeholder(tf.float32, new TensorShape(KillableTraining.Rows, KillableTraining.Columns), name: "x");
        var w = tf.get_variable("w", new[] { KillableTraining.Rows, KillableTraining.Columns }, initializer: tf.zeros_initializer());
        var step = tf.Variable(0L, trainable: false, name: "global_step");
        var loss = tf.reduce_sum(tf.multiply(w.Snapshot, x), name: "loss");
        return new TrainedModel(x, w, step, loss);
    }

    public long StepValue(Session sess) => sess.RunValues(new[] { Step.Snapshot }, Array.Empty<Operation>())[0].ToArray<long>()[0];

    public float[] Weights(Session sess) => sess.RunValues(new[] { W.Snapshot }, Array.Empty<Operation>())[0].ToArray<float>();
}

using TfBnPort.Tensorflow;

namespace TfBnPort.FaultWorker;

/// <summary>
/// `read LIST_FILE [--load-variable]`: for each checkpoint prefix listed (one per line), calls
/// list_variables, Saver.restore into <see cref="SmallCheckpointModel"/> (zeros) and, on
/// request, load_variable of every listed key (the only path through TensorFlow's own reader),
/// printing "case I STAGE" before each call and "result I OUTCOME" at the end. Run in a child
/// process so a TensorFlow abort on some input ends only this process; the last "case" line
/// names the input and the call.
/// OUTCOME words: listed/refused, restored/refused/untouched/HALF-RESTORED/WRONG-VALUES,
/// loaded/refused/WRONG-VALUES, or "unexpected TYPE: message" for any exception but CheckpointException.
/// </summary>
public static class CheckpointProbe
{
    public static int Run(string listFile, bool loadVariables)
    {
        CheckpointLog.Warn = _ => { }; // path-convenience warnings are not what is probed here
        using var graph = new Graph();
        using var _ = graph.as_default();
        var model = SmallCheckpointModel.Build(withSavedValues: false);
        var saver = tf.train.Saver();
        using var sess = tf.Session(graph);
        sess.run(tf.global_variables_initializer());

        var prefixes = File.ReadAllLines(listFile).Where(l => l.Length > 0).ToList();
        for (var i = 0; i < prefixes.Count; i++)
        {
            Console.WriteLine($"case {i} list_variables");
            var outcome = new List<string> { Try(() => { tf.train.list_variables(prefixes[i]); return "listed"; }) };
            Console.WriteLine($"case {i} restore");
            outcome.Add(Restore(sess, saver, model, prefixes[i]));
            if (loadVariables)
            {
                Console.WriteLine($"case {i} load_variable");
                outcome.Add(Try(() => LoadAll(prefixes[i])));
            }
            Console.WriteLine($"result {i} {string.Join(" ", outcome)}");
        }
        return 0;
    }

    /// <summary>A restore either assigns the saved values or nothing at all.</summary>
    private static string Restore(Session sess, Saver saver, SmallCheckpointModel model, string prefix)
    {
        sess.run(model.Reset);
        var result = Try(() => { saver.restore(sess, prefix); return "restored"; });
        var wrong = result == "restored"
            ? model.Differs(sess, key => SmallCheckpointModel.Saved[key])
            : model.Differs(sess, key => SmallCheckpointModel.Zeros(SmallCheckpointModel.Saved[key]));
        if (wrong is null) return result == "restored" ? result : result + "/untouched";
        return (result == "restored" ? "WRONG-VALUES " : result + "/HALF-RESTORED ") + wrong.Replace('\n', ' ');
    }

    /// <summary>
    /// load_variable of every listed key must give a value the reference checkpoint saved, or be
    /// refused. A forged index may legitimately point a key (even a new one) at another entry's
    /// bytes or relabel its dtype/shape (TensorFlow's reader then serves what the index says, as
    /// it would for any valid checkpoint), so the check is: the loaded bytes are exactly one saved
    /// tensor's bytes (SmallCheckpointModel.Saved; the data CRC covers one whole entry), and the
    /// dtype and shape are those list_variables reported for the key. Anything else (torn, shifted
    /// or foreign bytes, a value of another type than listed) is WRONG-VALUES.
    /// </summary>
    private static string LoadAll(string prefix)
    {
        foreach (var variable in tf.train.list_variables(prefix))
        {
            var value = TensorValue.FromNDArray(tf.train.load_variable(prefix, variable.Name));
            if (!SmallCheckpointModel.Saved.Values.Any(saved => value.Data.AsSpan().SequenceEqual(saved.Data)))
                return $"WRONG-VALUES '{variable.Name}' loaded as {value}, bytes no saved tensor has";
            if (value.DType != variable.DType || !value.Shape.SequenceEqual(variable.Shape))
                return $"WRONG-VALUES '{variable.Name}' loaded as {value.DType} {string.Join("x", value.Shape)}, listed as {variable}";
        }
        return "loaded";
    }

    private static string Try(Func<string> action)
    {
        try { return action(); }
        catch (CheckpointException) { return "refused"; }
        catch (Exception e) { return $"unexpected {e.GetType().Name}: {e.Message.Replace('\n', ' ')}"; }
    }
}

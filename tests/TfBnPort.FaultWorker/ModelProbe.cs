extern alias console;
using App = console::TfBnPort.Console.App;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Interop;
using TfBnPort.Tensorflow.Interop.Safety;
using TfBnPort.Tensorflow.Native;

namespace TfBnPort.FaultWorker;

/// <summary>
/// `models LIST_FILE`: for each model file listed (a .pb, a .meta or a saved_model.pb), the console's
/// `show` (reads, validates, lists; runs nothing), then the import path with the default safe options
/// (ModelFile.Read, the safety check, and tf.import_graph_def or tf.train.import_meta_graph into a
/// fresh graph), printing "case I STAGE" before each and "result I SHOW IMPORT" at the end. In a
/// child process, so a TensorFlow abort ends only this process and the last "case" line names the
/// input. Outcomes: shown/refused, imported/refused/unsafe/refused-by-tf, or "unexpected …".
/// </summary>
public static class ModelProbe
{
    public static int Run(string listFile)
    {
        var paths = File.ReadAllLines(listFile).Where(l => l.Length > 0).ToList();
        for (var i = 0; i < paths.Count; i++)
        {
            Console.WriteLine($"case {i} show");
            var show = Show(paths[i]);
            Console.WriteLine($"case {i} import");
            var import = Try(() => Import(paths[i]));
            Console.WriteLine($"result {i} {show} {import}");
        }
        return 0;
    }

    /// <summary>`tfbnport show PATH`: exit 0, or exit 1 with an "error: …" message (a known error); anything else is unexpected.</summary>
    private static string Show(string path)
    {
        using var output = new StringWriter();
        int code;
        try { code = App.Run(["show", path], output); }
        catch (Exception e) { return $"unexpected {e.GetType().Name}: {e.Message.Replace('\n', ' ')}"; }
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (code == 0) return "shown";
        // A known error is one "error: …" message (a node name quoted from a damaged file may itself hold a line break); a stack trace is not.
        var known = code == 1 && lines.Length > 0 && lines[0].StartsWith("error: ") && !lines.Any(l => l.TrimStart().StartsWith("at "));
        return known ? "refused" : $"unexpected exit {code}: {string.Join(" | ", lines.Take(3))}";
    }

    private static string Import(string path)
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        if (path.EndsWith(".meta", StringComparison.Ordinal))
        {
            tf.train.import_meta_graph(path);
            return "imported";
        }
        var model = ModelFile.Read(path);
        ModelSafety.Enforce(model, ModelLoadOptions.Safe);
        tf.import_graph_def(model.GraphDef, name: "");
        return "imported";
    }

    /// <summary>Refusals the project means to give: its own exceptions and TensorFlow's errors (a status, not an abort).</summary>
    private static string Try(Func<string> action)
    {
        try { return action(); }
        catch (UnsafeModelException) { return "unsafe"; }
        catch (ModelFileException) { return "refused"; }
        // A TF1 feature the port does not import (a tf.while_loop context): a known error, one line in the console.
        catch (NotSupportedException) { return "unsupported"; }
        catch (Exception e) when (e is ValueError or TypeError or KeyError or TensorflowException or CheckpointException or IOException) { return "refused-by-tf"; }
        catch (Exception e) { return $"unexpected {e.GetType().Name}: {e.Message.Replace('\n', ' ')}"; }
    }
}

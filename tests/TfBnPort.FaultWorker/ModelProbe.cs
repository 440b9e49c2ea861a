using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Interop.Safety;
using TfBnPort.Tensorflow.Native;

namespace TfBnPort.FaultWorker;

/// <summary>
/// `models LIST_FILE`: for each model file listed (a .pb, a .meta or a saved_model.pb), what `show`
/// does (read within the limits, validate, list the risky nodes; nothing runs) and then the import
/// path with the default safe options (check, then TF_GraphImportGraphDef into a fresh graph),
/// printing "case I STAGE" before each and "result I SHOW IMPORT" at the end. In a child process,
/// so a TensorFlow abort ends only this process and the last "case" line names the input.
/// Outcomes: shown/refused, imported/refused/unsafe, or "unexpected TYPE: message".
/// </summary>
public static class ModelProbe
{
    public static int Run(string listFile)
    {
        var paths = File.ReadAllLines(listFile).Where(l => l.Length > 0).ToList();
        for (var i = 0; i < paths.Count; i++)
        {
            Console.WriteLine($"case {i} show");
            var show = Try(() => $"shown-{ModelFile.Read(paths[i]).Inspect().Nodes.Count}");
            Console.WriteLine($"case {i} import");
            var import = Try(() =>
            {
                var model = ModelFile.Read(paths[i]);
                using var graph = new Graph();
                model.ImportInto(graph, ModelLoadOptions.Safe);
                return "imported";
            });
            Console.WriteLine($"result {i} {show} {import}");
        }
        return 0;
    }

    /// <summary>Refusals the project means to give: its own exceptions and TensorFlow's errors (a status, not an abort).</summary>
    private static string Try(Func<string> action)
    {
        try { return action(); }
        catch (UnsafeModelException) { return "unsafe"; }
        catch (ModelFormatException) { return "refused"; }
        catch (Exception e) when (e is ValueError or TensorflowException) { return "refused-by-tf"; }
        catch (Exception e) { return $"unexpected {e.GetType().Name}: {e.Message.Replace('\n', ' ')}"; }
    }
}

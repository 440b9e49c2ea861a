using Google.Protobuf;
using TfBnPort.Tensorflow.Native;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Interop;

/// <summary>
/// TF 1.15's importer.py over TF_GraphImportGraphDefWithResults: the "import" name scope as prefix
/// (uniquified), input_map ("name:k" or "^name" keys), return_elements (op names or "op:k" tensor names),
/// Python's error messages; the new ops become ordinary <see cref="Operation"/> objects of the graph.
/// </summary>
public static class GraphDefImporter
{
    public static List<object>? Import(Graph graph, GraphDef graph_def, IDictionary<string, Tensor>? input_map,
        IEnumerable<string>? return_elements, string? name)
    {
        if (graph_def is null) throw new TypeError("graph_def must be a GraphDef proto.");
        graph.ThrowIfDisposed();
        var inputMap = input_map ?? new Dictionary<string, Tensor>();
        foreach (var (key, value) in inputMap)
        {
            if (value is null) throw new TypeError($"input_map must be a dictionary mapping strings to Tensor objects (the value for '{key}' is null).");
            if (!ReferenceEquals(value.Graph, graph))
                throw new ValueError($"input_map value {value.Name} for '{key}' must be from the graph being imported into.");
        }
        var returns = return_elements?.ToArray();
        if (returns is not null && returns.Any(r => r is null)) throw new TypeError("return_elements must be a list of strings.");

        // Python: `with ops.name_scope(name, 'import', ...) as scope: prefix = scope[:-1]`.
        string prefix;
        using (var scope = graph.NameScope(name ?? "import")) prefix = scope.ScopeName;

        using var options = SafeImportOptionsHandle.Create();
        var opts = options.DangerousGetHandle();
        TfNative.TF_ImportGraphDefOptionsSetPrefix(opts, prefix);
        TfNative.TF_ImportGraphDefOptionsSetUniquifyNames(opts, 1);
        foreach (var (source, destination) in inputMap)
        {
            if (source.StartsWith('^')) TfNative.TF_ImportGraphDefOptionsRemapControlDependency(opts, source[1..], destination.Op.Handle);
            else
            {
                var (opName, index) = ParseTensorName(source);
                TfNative.TF_ImportGraphDefOptionsAddInputMapping(opts, opName, index, destination.Output);
            }
        }
        foreach (var element in returns ?? Array.Empty<string>())
        {
            if (element.Contains(':'))
            {
                var (opName, index) = ParseTensorName(element);
                TfNative.TF_ImportGraphDefOptionsAddReturnOutput(opts, opName, index);
            }
            else TfNative.TF_ImportGraphDefOptionsAddReturnOperation(opts, element);
        }

        using var results = Run(graph, graph_def, opts);
        graph.RegisterNewOperations();

        var missing = MissingInputMappings(results.DangerousGetHandle());
        if (missing.Count > 0)
            throw new ValueError($"Attempted to map inputs that were not found in graph_def: [{string.Join(", ", missing)}]");
        return returns is null ? null : Gather(graph, returns, results.DangerousGetHandle());
    }

    private static unsafe SafeImportResultsHandle Run(Graph graph, GraphDef graphDef, IntPtr options)
    {
        var bytes = graphDef.ToByteArray();
        IntPtr buffer;
        fixed (byte* p = bytes) buffer = TfNative.TF_NewBufferFromString(p, (nuint)bytes.Length);
        try
        {
            using var status = new TfStatus();
            var results = TfNative.TF_GraphImportGraphDefWithResults(graph.Handle.DangerousGetHandle(), buffer, options, status.Handle);
            // importer.py turns InvalidArgumentError into ValueError; other codes (NotFound for an unknown op) stay.
            if (status.Code == TF_Code.InvalidArgument) throw new ValueError(status.Message);
            status.Check("importing GraphDef");
            return SafeImportResultsHandle.Own(results);
        }
        finally
        {
            TfNative.TF_DeleteBuffer(buffer);
        }
    }

    /// <summary>importer.py's _ParseTensorName: "foo:7" → (foo, 7), "foo" → (foo, 0).</summary>
    public static (string OpName, int Index) ParseTensorName(string tensorName)
    {
        var parts = tensorName.Split(':');
        if (parts.Length == 1) return (parts[0], 0);
        if (parts.Length == 2 && int.TryParse(parts[1], out var index)) return (parts[0], index);
        throw new ValueError($"Cannot convert '{tensorName}' to a tensor name.");
    }

    private static unsafe List<string> MissingInputMappings(IntPtr results)
    {
        int count;
        IntPtr* names;
        int* indexes;
        TfNative.TF_ImportGraphDefResultsMissingUnusedInputMappings(results, &count, &names, &indexes);
        var missing = new List<string>(count);
        for (var i = 0; i < count; i++) missing.Add($"{TfNative.PtrToString(names[i])}:{indexes[i]}");
        return missing;
    }

    private static unsafe List<object> Gather(Graph graph, string[] requested, IntPtr results)
    {
        int outputCount, operCount;
        TF_Output* outputs;
        IntPtr* opers;
        TfNative.TF_ImportGraphDefResultsReturnOutputs(results, &outputCount, &outputs);
        TfNative.TF_ImportGraphDefResultsReturnOperations(results, &operCount, &opers);
        var elements = new List<object>(requested.Length);
        int nextOutput = 0, nextOper = 0;
        foreach (var name in requested)
        {
            if (name.Contains(':'))
            {
                var output = outputs[nextOutput++];
                elements.Add(graph.OperationByHandle(output.oper).Outputs[output.index]);
            }
            else elements.Add(graph.OperationByHandle(opers[nextOper++]));
        }
        return elements;
    }
}

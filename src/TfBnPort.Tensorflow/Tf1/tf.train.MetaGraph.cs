using TfBnPort.Tensorflow.Interop;
using TfBnPort.Tensorflow.Interop.Safety;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow;

public static partial class tf
{
    public static partial class train
    {
        /// <summary>
        /// tf.train.export_meta_graph: the MetaGraphDef of <paramref name="graph"/> (default: the default graph), with
        /// the collections in <paramref name="collection_list"/> (default: all); written to <paramref name="filename"/>
        /// when given (binary, or protobuf text format with <paramref name="as_text"/>).
        /// </summary>
        public static MetaGraphDef export_meta_graph(string? filename = null, Graph? graph = null, IEnumerable<string>? collection_list = null,
            bool as_text = false, bool clear_devices = false, bool strip_default_attrs = false, SaverDef? saver_def = null)
        {
            var meta = MetaGraphExporter.Export(graph ?? get_default_graph(), collection_list, clear_devices, strip_default_attrs, saver_def);
            if (!string.IsNullOrEmpty(filename)) MetaGraphFile.Write(meta, filename, as_text);
            return meta;
        }

        /// <summary>
        /// tf.train.import_meta_graph: imports a .meta (written by Python TF 1.x or by this project) into the default
        /// graph, with its collections and tf.cond contexts, and returns the Saver its saver_def describes (restore the
        /// checkpoint with it), a new Saver if it has none but has variables, or null.
        /// A file is a program from elsewhere: it is read within limits, validated, and refused (UnsafeModelException)
        /// if it holds ops outside the pure-computation allowlist or checkpoint paths outside its directory, unless
        /// <paramref name="options"/> allow them (default ModelLoadOptions.Safe; ModelLoadOptions.Trusted for your own files).
        /// </summary>
        public static Saver? import_meta_graph(string meta_graph_or_file, bool clear_devices = false, string? import_scope = null,
            ModelLoadOptions? options = null)
        {
            options ??= ModelLoadOptions.Safe;
            var meta = MetaGraphFile.Read(meta_graph_or_file, options);
            GraphDefValidator.Validate(meta.GraphDef, $"'{meta_graph_or_file}'", meta_graph_or_file);
            var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(meta_graph_or_file))!;
            ModelSafety.Enforce(meta, meta_graph_or_file, directory, options);
            ModelPaths.EnforceCheckpointInside(directory, null, meta_graph_or_file, options);
            return MetaGraphImporter.Import(get_default_graph(), meta, clear_devices, import_scope);
        }

        /// <summary>import_meta_graph of a MetaGraphDef the program holds: not checked (as for graphs it builds itself).</summary>
        public static Saver? import_meta_graph(MetaGraphDef meta_graph_or_file, bool clear_devices = false, string? import_scope = null) =>
            MetaGraphImporter.Import(get_default_graph(), meta_graph_or_file, clear_devices, import_scope);
    }
}

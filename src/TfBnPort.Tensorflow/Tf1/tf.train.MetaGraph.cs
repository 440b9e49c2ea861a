using TfBnPort.Tensorflow.Interop;
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
        /// </summary>
        public static Saver? import_meta_graph(string meta_graph_or_file, bool clear_devices = false, string? import_scope = null) =>
            MetaGraphImporter.Import(get_default_graph(), MetaGraphFile.Read(meta_graph_or_file), clear_devices, import_scope);

        /// <inheritdoc cref="import_meta_graph(string, bool, string?)"/>
        public static Saver? import_meta_graph(MetaGraphDef meta_graph_or_file, bool clear_devices = false, string? import_scope = null) =>
            MetaGraphImporter.Import(get_default_graph(), meta_graph_or_file, clear_devices, import_scope);
    }
}

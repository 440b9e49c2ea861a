using NumSharp;

namespace TfBnPort.Tensorflow;

public static partial class tf
{
    /// <summary>tf.train: the checkpoint part (Saver, checkpoint state, checkpoint readers).</summary>
    public static partial class train
    {
        /// <summary>
        /// tf.train.Saver(): saves and restores <paramref name="var_list"/> (default: every global
        /// variable now in the default graph) under their op names, or <paramref name="name_map"/>'s
        /// variables under its keys; keeps the last <paramref name="max_to_keep"/> checkpoints (0: all).
        /// <paramref name="save_relative_paths"/> (default true, unlike Python) writes the state file's
        /// paths relative to its directory.
        /// </summary>
        public static Saver Saver(IEnumerable<Variable>? var_list = null, IDictionary<string, Variable>? name_map = null,
            int max_to_keep = 5, bool save_relative_paths = true) =>
            new(var_list, name_map, max_to_keep, save_relative_paths);

        /// <summary>The latest checkpoint prefix named by DIR/checkpoint, or null if none (or its files are gone).</summary>
        public static string? latest_checkpoint(string checkpoint_dir, string? latest_filename = null) =>
            CheckpointState.Latest(checkpoint_dir, latest_filename ?? CheckpointPaths.StateFileName);

        /// <summary>The parsed DIR/checkpoint file, or null if there is none (or it cannot be read).</summary>
        public static CheckpointState? get_checkpoint_state(string checkpoint_dir, string? latest_filename = null) =>
            CheckpointState.Read(checkpoint_dir, latest_filename ?? CheckpointPaths.StateFileName);

        /// <summary>
        /// tf.train.list_variables: every variable in a checkpoint (a prefix, one of its files, or a
        /// directory meaning its latest checkpoint), sorted by name. Reads only the .index file.
        /// </summary>
        public static List<CheckpointVariable> list_variables(string ckpt_dir_or_file)
        {
            var prefix = CheckpointPaths.ResolveForReading(ckpt_dir_or_file);
            return CheckpointIndex.Read(prefix, $"list the variables of '{prefix}'").Entries.Select(e => e.ToVariable()).ToList();
        }

        /// <summary>
        /// tf.train.load_variable: one stored variable's value ("name" or "name:0"), read from its
        /// data file and checked against the index's CRC32C here (TensorFlow's own reader aborts
        /// the process on some malformed indexes).
        /// </summary>
        public static NDArray load_variable(string ckpt_dir_or_file, string name)
        {
            var prefix = CheckpointPaths.ResolveForReading(ckpt_dir_or_file);
            if (name.EndsWith(":0", StringComparison.Ordinal)) name = name[..^2];
            var what = $"load '{name}' from '{prefix}'";
            var index = CheckpointIndex.Read(prefix, what);
            var entry = index.Find(name) ?? throw new CheckpointException(
                $"Cannot {what}: the checkpoint has no variable '{name}'; nearby names it has: " +
                string.Join(", ", index.NamesNear(name).Select(n => $"'{n}'")) + ".", prefix, name);
            if (entry.DType == DType.String)
                throw new CheckpointException($"Cannot {what}: it is a string tensor, and NDArray holds numbers only.", prefix, name);
            if (!CheckpointDTypes.FitsNDArray(entry.DType))
                throw new CheckpointException(
                    $"Cannot {what}: it is stored as {CheckpointDTypes.Name(entry.DType)}, which load_variable cannot return " +
                    "(it returns float32, float64, int32, int64, uint8, bool and int16 variables as NDArrays).", prefix, name);
            if (entry.Shape.Any(d => d > int.MaxValue))
                throw new CheckpointException($"Cannot {what}: its shape {new TensorShape(entry.Shape)} has a dimension beyond an NDArray's int range.", prefix, name);
            var bytes = CheckpointData.Read(index, entry, what);
            return new TensorValue(entry.DType, entry.Shape, bytes).ToNDArray();
        }
    }
}

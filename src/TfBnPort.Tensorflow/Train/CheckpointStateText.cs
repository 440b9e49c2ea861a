using TfBnPort.Tensorflow.Interop;
using StateProto = TfBnPort.Tensorflow.Protos.CheckpointState;

namespace TfBnPort.Tensorflow;

/// <summary>
/// A `checkpoint` file is a CheckpointState message in protobuf text format: written as Python's
/// text_format.MessageToString writes it, read as checkpoint_management.get_checkpoint_state reads
/// it (text_format.Merge: comments, either quote, any spacing; an unknown field is an error).
/// </summary>
internal static class CheckpointStateText
{
    public static string Format(string modelCheckpointPath, IEnumerable<string> allModelCheckpointPaths)
    {
        var state = new StateProto { ModelCheckpointPath = modelCheckpointPath };
        state.AllModelCheckpointPaths.AddRange(allModelCheckpointPaths);
        return TextFormat.Print(state);
    }

    /// <exception cref="FormatException">The text is not a CheckpointState in text format (the message says where and why).</exception>
    public static StateProto Parse(string text)
    {
        try
        {
            var state = new StateProto();
            TextFormat.Merge(text, state);
            return state;
        }
        catch (TextFormatParseError e)
        {
            throw new FormatException(e.Message, e);
        }
    }
}

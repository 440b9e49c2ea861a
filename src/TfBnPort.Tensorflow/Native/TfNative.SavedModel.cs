using System.Runtime.InteropServices;

namespace TfBnPort.Tensorflow.Native;

/// <summary>The C API's SavedModel loader (c_api.h), used by the Interop room.</summary>
public static unsafe partial class TfNative
{
    /// <summary>
    /// Loads the SavedModel in <paramref name="exportDir"/> whose meta graph carries all <paramref name="tags"/>
    /// into the empty <paramref name="graph"/>, restores its variables and returns a session on it;
    /// <paramref name="metaGraphDef"/> (optional) receives the serialized MetaGraphDef.
    /// </summary>
    [DllImport(Library)]
    public static extern IntPtr TF_LoadSessionFromSavedModel(IntPtr sessionOptions, IntPtr runOptions,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string exportDir, IntPtr* tags, int tagsLen,
        IntPtr graph, IntPtr metaGraphDef, IntPtr status);
}

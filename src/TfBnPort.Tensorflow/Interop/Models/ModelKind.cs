namespace TfBnPort.Tensorflow.Interop;

/// <summary>The three ways a TF1 graph travels: a .meta beside its checkpoint, a (frozen) GraphDef, a SavedModel directory.</summary>
public enum ModelKind
{
    MetaGraph,
    GraphDef,
    SavedModel,
}

namespace TfBnPort.Tensorflow;

/// <summary>
/// A TF1 reference variable (RefVariable): a VariableV2 op, its "Assign" initializer and its
/// "read" snapshot, registered in GLOBAL_VARIABLES (and TRAINABLE_VARIABLES when trainable).
/// </summary>
public sealed partial class Variable : IHasTensor, IHasName, IHasOp
{
    internal Variable(Tensor variableRef, Tensor initialValue, Operation initializer, Tensor snapshot, bool trainable)
    {
        Ref = variableRef;
        InitialValue = initialValue;
        Initializer = initializer;
        Snapshot = snapshot;
        Trainable = trainable;
    }

    /// <summary>The VariableV2 output (a float32_ref tensor): what assign ops and gradients target.</summary>
    public Tensor Ref { get; }
    public Tensor InitialValue { get; }
    public Operation Initializer { get; }

    /// <summary>The "read" Identity: the variable's value as an ordinary tensor.</summary>
    public Tensor Snapshot { get; }
    public bool Trainable { get; }

    /// <summary>For a part of a PartitionedVariable, that variable's full name ("BatchNorm/beta"); else null.</summary>
    public string? PartitionedName { get; internal set; }

    public Operation Op => Ref.Op;
    public Graph Graph => Ref.Graph;

    /// <summary>Python's variable.name: "scope/name:0".</summary>
    public string Name => Ref.Name;

    /// <summary>The op name ("scope/name"): the checkpoint key.</summary>
    public string OpName => Ref.Op.Name;

    /// <summary>The device of its VariableV2 ("/job:ps/task:0" under replica_device_setter).</summary>
    public string Device => Ref.Op.Device;
    public DType DType => Ref.DType.BaseType();
    public TensorShape Shape => Ref.Shape;

    public Tensor AsTensor() => Snapshot;
    public TensorShape get_shape() => Shape;
    public Tensor value() => Snapshot;
    public Operation initializer => Initializer;

    public Tensor assign(object value, string? name = null) => tf.assign(this, value, name: name);
    public Tensor assign_sub(object delta, string? name = null) => tf.assign_sub(this, delta, name: name);
    public Tensor assign_add(object delta, string? name = null) => tf.assign_add(this, delta, name: name);

    public static implicit operator Tensor(Variable v) => v.Snapshot;

    public override string ToString() => $"<tf.Variable '{Name}' shape={Shape} dtype={DType.PyName()}_ref>";
}

namespace TfBnPort.Tensorflow;

/// <summary>
/// tf.train.AdamOptimizer (TF1 defaults lr 0.001, β1 0.9, β2 0.999, ε 1e-8): slots VAR/Adam (m) and
/// VAR/Adam_1 (v), non-slot variables beta1_power and beta2_power, the ApplyAdam kernel.
/// </summary>
public sealed class AdamOptimizer(object learning_rate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8,
    bool use_locking = false, string name = "Adam") : Optimizer(name, use_locking)
{
    private Tensor? _lr, _beta1, _beta2, _epsilon;

    public AdamOptimizer() : this(0.001) { }

    public Variable? Beta1Power { get; private set; }
    public Variable? Beta2Power { get; private set; }

    protected override void CreateSlots(IReadOnlyList<Variable> vars)
    {
        if (Beta1Power is null)
        {
            var graph = vars[0].Graph;
            var first = vars.OrderBy(v => v.Name, StringComparer.Ordinal).First();
            using (graph.ControlDependencies(null))
            using (graph.colocate_with(first)) // _create_non_slot_variable colocates with the first variable by name
            {
                Beta1Power = tf.Variable(TensorValue.From(beta1).CastTo(vars.OrderBy(v => v.Name, StringComparer.Ordinal).First().DType), trainable: false, name: "beta1_power");
                Beta2Power = tf.Variable(TensorValue.From(beta2).CastTo(Beta1Power.DType), trainable: false, name: "beta2_power");
            }
        }
        foreach (var v in vars)
        {
            ZerosSlot(v, "m");
            ZerosSlot(v, "v");
        }
    }

    protected override void Prepare()
    {
        _lr = OpHelper.ToTensor(learning_rate, null, "learning_rate");
        _beta1 = tf.constant(beta1, name: "beta1");
        _beta2 = tf.constant(beta2, name: "beta2");
        _epsilon = tf.constant(epsilon, name: "epsilon");
    }

    protected override Operation ApplyDense(Tensor grad, Variable var)
    {
        var t = var.DType;
        return var.Graph.NewOperation("ApplyAdam", "ApplyAdam")
            .Input(var.Ref).Input(get_slot(var, "m")!.Ref).Input(get_slot(var, "v")!.Ref)
            .Input(Cast(Beta1Power!.Snapshot, t)).Input(Cast(Beta2Power!.Snapshot, t)).Input(Cast(_lr!, t))
            .Input(Cast(_beta1!, t)).Input(Cast(_beta2!, t)).Input(Cast(_epsilon!, t)).Input(grad)
            .Attr("use_locking", UseLocking).Attr("use_nesterov", false).Finish();
    }

    protected override Operation Finish(IReadOnlyList<Operation> updateOps, string name, bool exactName)
    {
        var graph = updateOps[0].Graph;
        Tensor update1, update2;
        using (graph.ControlDependencies(updateOps))
        {
            using (graph.colocate_with(Beta1Power!))
            {
                update1 = Beta1Power!.assign(tf.multiply(Beta1Power.Snapshot, Cast(_beta1!, Beta1Power.DType), name: "mul"));
                update2 = Beta2Power!.assign(tf.multiply(Beta2Power.Snapshot, Cast(_beta2!, Beta2Power.DType), name: "mul_1"));
            }
        }
        return Group(updateOps.Cast<object>().Append(update1).Append(update2).ToList(), name, exactName);
    }
}

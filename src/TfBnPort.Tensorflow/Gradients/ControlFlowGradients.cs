namespace TfBnPort.Tensorflow.Gradients;

/// <summary>Gradients of tf.cond's Switch and Merge (control_flow_grad.py, cond case).</summary>
internal static class ControlFlowGradients
{
    public static void Register()
    {
        GradientRegistry.Register("Switch", SwitchGrad);
        GradientRegistry.Register("RefSwitch", SwitchGrad);
        GradientRegistry.Register("Merge", MergeGrad);
        GradientRegistry.Register("RefMerge", MergeGrad);
    }

    /// <summary>The taken side's gradient and the other side's (Switch-guarded) zeros meet in a Merge.</summary>
    private static Tensor?[] SwitchGrad(Operation op, Tensor?[] g)
    {
        if (op.ControlFlowContext is { } ctx)
        {
            if (g[1 - ctx.Branch] is null) return new Tensor?[] { null, null };
            return new Tensor?[] { ControlFlowOps.Merge(new[] { g[0]!, g[1]! }, "cond_grad")[0], null };
        }
        if (g[0] is null || g[1] is null) return new Tensor?[] { null, null };
        var falseGrad = ControlFlowOps.SwitchRefOrTensor(g[0]!, op.Inputs[1])[0];
        var trueGrad = ControlFlowOps.SwitchRefOrTensor(g[1]!, op.Inputs[1])[1];
        return new Tensor?[] { ControlFlowOps.Merge(new[] { falseGrad, trueGrad })[0], null };
    }

    /// <summary>Each branch result gets the gradient through a Switch on the cond's predicate.</summary>
    private static Tensor?[] MergeGrad(Operation op, Tensor?[] g)
    {
        var grad = g[0]!;
        if (op.Inputs[0].Op.ControlFlowContext is { } ctx)
        {
            var switched = ControlFlowOps.SwitchRefOrTensor(grad, ctx.Pred, "cond_grad");
            return new Tensor?[] { switched[0], switched[1] };
        }
        var result = new Tensor?[op.Inputs.Count];
        for (var i = 0; i < op.Inputs.Count; i++)
        {
            var cond = tf.equal(op.Outputs[1], i);
            result[i] = ControlFlowOps.SwitchRefOrTensor(grad, cond)[1];
        }
        return result;
    }
}

using TfBnPort.Tensorflow;

namespace TfBnPort.Samples.CrossCheck;

/// <summary>
/// One keras mode of tf.layers.batch_normalization beyond the seeds' calls (issue 18): a channel
/// axis other than the last, ghost batches, batch renorm. Checked in training mode only (static
/// training=True): y every step and the moving statistics after the steps.
/// </summary>
/// <param name="Api">The call, as a reader would write it.</param>
/// <param name="Shape">The input shape fed to TF, from the options.</param>
/// <param name="Axis">The channel axis of that shape.</param>
/// <param name="Build">Builds the layer under name "bn" with training=True.</param>
/// <param name="Reference">The float64 reference for the channels-last batch's channel count.</param>
internal sealed record BnMode(string Api, Func<CrossCheckOptions, int[]> Shape, int Axis,
    Func<Tensor, CrossCheckOptions, Tensor> Build, Func<int, CrossCheckOptions, ModeReference> Reference)
{
    public string Describe(CrossCheckOptions options) => $"{Api} [{string.Join(",", Shape(options))}] training=bool";
}

namespace TfBnPort.Samples;

/// <summary>
/// One training step done: <paramref name="Step"/> of <paramref name="Total"/> (1-based) in
/// <paramref name="Phase"/> ("as written", "bn", ...), with that step's batch loss and, where the
/// graph has it, the batch accuracy.
/// </summary>
public readonly record struct TrainingProgress(string Phase, int Step, int Total, double Loss, double? Accuracy);

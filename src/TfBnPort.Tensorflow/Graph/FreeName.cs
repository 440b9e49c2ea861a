namespace TfBnPort.Tensorflow;

/// <summary>
/// TF1's recurring rule for a fresh name: the name itself if free, else name_1, name_2... the first
/// free one (variable scopes' default names, slot variables, zero-debias accumulators).
/// </summary>
internal static class FreeName
{
    public static string First(string name, Func<string, bool> isTaken)
    {
        if (!isTaken(name)) return name;
        var i = 1;
        while (isTaken($"{name}_{i}")) i++;
        return $"{name}_{i}";
    }
}

using TfBnPort.Tensorflow;

namespace TfBnPort.Tests.Distributed;

/// <summary>Expected strings follow python/framework/device_spec.py (1.15): _string_to_components and _components_to_string.</summary>
public class DeviceSpecTests
{
    [Theory]
    [InlineData("/job:ps/replica:0/task:1/device:CPU:0", "/job:ps/replica:0/task:1/device:CPU:0")]
    [InlineData("/cpu:0", "/device:CPU:0")]            // legacy short form, upper-cased
    [InlineData("/gpu:*", "/device:GPU:*")]            // "*" = any index
    [InlineData("/device:CPU", "")]                   // 'device' needs TYPE:INDEX (3 parts): a 2-part "device:CPU" is unknown
    [InlineData("/task:3/job:worker", "/job:worker/task:3")] // printed in canonical order
    [InlineData("", "")]
    public void ParsesAndPrintsCanonically(string spec, string expected)
    {
        if (expected == "" && spec != "")
        {
            var e = Assert.Throws<ValueError>(() => DeviceSpec.from_string(spec));
            Assert.Contains("Unknown attribute: 'device'", e.Message);
            return;
        }
        Assert.Equal(expected, DeviceSpec.from_string(spec).to_string());
    }

    [Fact]
    public void BadSpecsGetTensorFlowsMessages()
    {
        Assert.Equal("Cannot specify multiple device types: /cpu:0/gpu:0", Assert.Throws<ValueError>(() => DeviceSpec.from_string("/cpu:0/gpu:0")).Message);
        Assert.Equal("Unknown attribute: 'jb' in '/jb:ps'", Assert.Throws<ValueError>(() => DeviceSpec.from_string("/jb:ps")).Message);
        Assert.Contains("'x'", Assert.Throws<ValueError>(() => DeviceSpec.from_string("/task:x")).Message);
    }

    [Fact]
    public void MergeTakesTheOthersSetFields()
    {
        // device_spec.py's make_merged_spec docstring: DeviceSpec(job, CPU) merged with DeviceSpec(GPU) = (job, GPU).
        var first = tf.DeviceSpec(job: "ps", device_type: "CPU");
        var merged = first.make_merged_spec(tf.DeviceSpec(device_type: "GPU", device_index: 1));
        Assert.Equal("/job:ps/device:GPU:1", merged.to_string());
        Assert.Equal("/job:ps/device:CPU:*", first.to_string()); // make_merged_spec does not mutate

        first.merge_from(DeviceSpec.from_string("/task:2"));     // TF1's mutating merge
        Assert.Equal("/job:ps/task:2/device:CPU:*", first.to_string());
        Assert.Equal("/job:worker/task:2/device:CPU:*", first.replace(job: "worker").to_string());
        Assert.Equal("/job:a", new DeviceSpec().parse_from_string("/job:a").to_string());
        Assert.Equal(DeviceSpec.from_string("/cpu:0"), DeviceSpec.from_string("/device:CPU:0"));
    }
}

using Gateway.Rego.Builtins;
using Gateway.Rego.Values;
using static Gateway.Rego.Tests.Builtins.Ext.B;

namespace Gateway.Rego.Tests.Builtins.Ext;

public class TestSleepTests
{
    [Fact]
    public void Returns_null_for_a_valid_duration() => Call("test.sleep", S("1ns")).ShouldBe(RegoNull.Instance);

    [Fact]
    public void Rejects_an_invalid_duration() => Error("test.sleep", S("ten")).ShouldBe("time: invalid duration \"ten\"");

    [Fact]
    public void A_cancelled_query_stops_sleeping()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Should.Throw<OperationCanceledException>(() => CallWith(new BuiltinContext(cancellation: cts.Token), "test.sleep", S("1h")));
    }
}

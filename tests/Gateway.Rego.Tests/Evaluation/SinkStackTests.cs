using Gateway.Rego.Evaluation;

namespace Gateway.Rego.Tests.Evaluation;

/// <summary>The evaluator's idle sinks: last in, first out, however deep rules nest, with a rented sink never handed out twice.</summary>
public sealed class SinkStackTests
{
    private sealed class Sink;

    [Fact]
    public void Sinks_come_back_last_in_first_out_and_a_rented_one_is_not_rented_again()
    {
        var stack = new SinkStack<Sink>();
        stack.Rent().ShouldBeNull();
        // Deeper than the initial eight slots, as nested rules go.
        var sinks = Enumerable.Range(0, 20).Select(_ => new Sink()).ToArray();
        foreach (var s in sinks) stack.Return(s);
        var rented = new List<Sink>();
        for (var i = 0; i < sinks.Length; i++) rented.Add(stack.Rent()!);
        rented.ShouldBe(sinks.Reverse(), ignoreOrder: false);
        stack.Rent().ShouldBeNull();

        // Nested use: a sink rented at a depth goes back there; one from elsewhere replaces it in its slot.
        stack.Return(sinks[0]);
        stack.Return(sinks[1]);
        var inner = stack.Rent();
        inner.ShouldBeSameAs(sinks[1]);
        var other = new Sink();
        stack.Return(other);
        stack.Rent().ShouldBeSameAs(other);
        stack.Rent().ShouldBeSameAs(sinks[0]);
        stack.Rent().ShouldBeNull();
    }
}

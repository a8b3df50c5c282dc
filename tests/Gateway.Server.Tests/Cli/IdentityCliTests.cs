using System.Net;
using System.Text.Json;
using Gateway.Server.Tests.Infrastructure;

namespace Gateway.Server.Tests.Cli;

/// <summary>`gateway token|scope-map|role|admin-user` against a running gateway, as an operator runs them.</summary>
public sealed class IdentityCliTests : IAsyncLifetime
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "gateway.dll");
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();
    public Task DisposeAsync() => _gateway.DisposeAsync().AsTask();

    private Task<(int ExitCode, string Output)> GatewayCliAsync(string user, string password, params string[] args) =>
        ExternalTool.RunAsync("dotnet", [Cli, .. args, "--gateway", _gateway.HostPort, "--username", user, "--password", password]);

    private async Task<HttpStatusCode> TokenStatusAsync(string user, string password)
    {
        using var response = await Identity.IdentityTestClient.RequestTokenAsync(_gateway, user, password, "repository:team-a/app:pull");
        return response.StatusCode;
    }

    [Fact]
    public async Task Owner_creates_a_scope_map_and_a_token_whose_password_then_works_and_deletes_it()
    {
        var (mapCode, mapOutput) = await GatewayCliAsync(TestGateway.AdminUser, TestGateway.AdminPassword, "scope-map", "create", "team-a-read", "-r", "team-a/*=content/read,metadata/read");
        mapCode.ShouldBe(0, mapOutput);
        var (code, output) = await GatewayCliAsync(TestGateway.AdminUser, TestGateway.AdminPassword, "token", "create", "cli-token", "--scope-map", "team-a-read");
        code.ShouldBe(0, output);
        var password = JsonDocument.Parse(output).RootElement.GetProperty("passwords").GetProperty("password1").GetString()!;
        (await TokenStatusAsync("cli-token", password)).ShouldBe(HttpStatusCode.OK);

        var (listCode, list) = await GatewayCliAsync(TestGateway.AdminUser, TestGateway.AdminPassword, "token", "list");
        listCode.ShouldBe(0, list);
        list.ShouldContain("\"cli-token\"");
        list.ShouldNotContain(password); // only hashes are kept

        (await GatewayCliAsync(TestGateway.AdminUser, TestGateway.AdminPassword, "token", "delete", "cli-token")).ExitCode.ShouldBe(0);
        (await TokenStatusAsync("cli-token", password)).ShouldBe(HttpStatusCode.Unauthorized);

        // The deleted token is refused: the CLI prints the server's answer and exits 1.
        var (deniedCode, denied) = await GatewayCliAsync("cli-token", password, "role", "list");
        deniedCode.ShouldBe(1);
        denied.ShouldContain("401");
    }

    [Fact]
    public async Task Role_assign_list_remove_and_bad_input_is_refused_with_the_reason()
    {
        var oid = Guid.NewGuid().ToString();
        var (code, output) = await GatewayCliAsync(TestGateway.AdminUser, TestGateway.AdminPassword, "role", "assign", "--principal", oid, "--role", "Push", "--scope", "team-a/*");
        code.ShouldBe(0, output);
        var id = JsonDocument.Parse(output).RootElement.GetProperty("id").GetString()!;
        (await GatewayCliAsync(TestGateway.AdminUser, TestGateway.AdminPassword, "role", "list")).Output.ShouldContain(oid);
        var (badCode, bad) = await GatewayCliAsync(TestGateway.AdminUser, TestGateway.AdminPassword, "role", "assign", "--principal", oid, "--role", "Push", "--scope", "Team A/**");
        badCode.ShouldBe(1);
        bad.ShouldContain("invalid repository pattern");
        (await GatewayCliAsync(TestGateway.AdminUser, TestGateway.AdminPassword, "role", "remove", id)).ExitCode.ShouldBe(0);
        (await GatewayCliAsync(TestGateway.AdminUser, TestGateway.AdminPassword, "role", "list")).Output.ShouldNotContain(oid);
    }
}

using System.CommandLine;
using System.Net.Http.Json;

namespace Gateway.Cli.Commands;

/// <summary>
/// <c>gateway token|scope-map|role|admin-user …</c>: identity management on a running gateway through its
/// management API (Owner only). Passwords are printed once, when the gateway makes them.
/// </summary>
internal static class IdentityCommands
{
    public static IEnumerable<Command> Create() => [Token(), ScopeMap(), Role(), AdminUser()];

    private static Command Token()
    {
        var token = new Command("token", "repository-scoped tokens (ACR tokens): a name, a scope map, two passwords");
        var name = new Argument<string>("name");
        var scopeMap = new Option<string>("--scope-map") { Description = "scope map name (e.g. _repositories_pull, or one you made)", Required = true };
        var expires = new Option<DateTimeOffset?>("--expires") { Description = "expiry (ISO 8601)" };
        token.Subcommands.Add(Remote(new Command("create", "create a token; prints its two passwords once") { name, scopeMap, expires },
            (p, h, ct) => h.PostAsJsonAsync("/gateway/v1/tokens", new { name = p.GetValue(name), scopeMap = p.GetValue(scopeMap), expiresAt = p.GetValue(expires) }, ct)));
        token.Subcommands.Add(Remote(new Command("list", "list tokens"), (_, h, ct) => h.GetAsync("/gateway/v1/tokens", ct)));
        token.Subcommands.Add(Remote(new Command("delete", "delete a token: it stops working at once") { name },
            (p, h, ct) => h.DeleteAsync($"/gateway/v1/tokens/{Uri.EscapeDataString(p.GetValue(name)!)}", ct)));
        token.Subcommands.Add(Remote(new Command("disable", "disable a token") { name }, (p, h, ct) => SetEnabled(h, p.GetValue(name)!, false, ct)));
        token.Subcommands.Add(Remote(new Command("enable", "enable a token") { name }, (p, h, ct) => SetEnabled(h, p.GetValue(name)!, true, ct)));
        var slot = new Option<string>("--password-name") { Description = "password1 or password2", DefaultValueFactory = _ => "password1" };
        token.Subcommands.Add(Remote(new Command("regenerate", "replace one of a token's passwords; prints it once") { name, slot },
            (p, h, ct) => h.PostAsync($"/gateway/v1/tokens/{Uri.EscapeDataString(p.GetValue(name)!)}/passwords/{p.GetValue(slot)}", null, ct)));
        return token;
    }

    private static Task<HttpResponseMessage> SetEnabled(HttpClient http, string name, bool enabled, CancellationToken ct) =>
        http.PatchAsJsonAsync($"/gateway/v1/tokens/{Uri.EscapeDataString(name)}", new { enabled }, ct);

    private static Command ScopeMap()
    {
        var map = new Command("scope-map", "scope maps: repository patterns → actions (content/read, content/write, content/delete, metadata/read, metadata/write)");
        var name = new Argument<string>("name");
        var repository = new Option<string[]>("--repository", "-r")
        {
            Description = "PATTERN=ACTION[,ACTION…], e.g. team-a/*=content/read,content/write (repeatable)",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var description = new Option<string?>("--description");
        map.Subcommands.Add(Remote(new Command("create", "create or replace a scope map") { name, repository, description }, (p, h, ct) =>
        {
            var entries = p.GetValue(repository)!.Select(ParseEntry).ToArray();
            return h.PutAsJsonAsync($"/gateway/v1/scope-maps/{Uri.EscapeDataString(p.GetValue(name)!)}", new { description = p.GetValue(description), entries }, ct);
        }));
        map.Subcommands.Add(Remote(new Command("list", "list scope maps (system maps first)"), (_, h, ct) => h.GetAsync("/gateway/v1/scope-maps", ct)));
        map.Subcommands.Add(Remote(new Command("delete", "delete a scope map no token uses") { name },
            (p, h, ct) => h.DeleteAsync($"/gateway/v1/scope-maps/{Uri.EscapeDataString(p.GetValue(name)!)}", ct)));
        return map;
    }

    private static object ParseEntry(string text)
    {
        var eq = text.IndexOf('=');
        if (eq <= 0) throw new ArgumentException($"'{text}' is not PATTERN=ACTION[,ACTION…]");
        return new { repository = text[..eq], actions = text[(eq + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) };
    }

    private static Command Role()
    {
        var role = new Command("role", "role assignments: a principal, a role, a repository pattern");
        var principal = new Option<string>("--principal") { Description = "Entra object id (users, groups, service principals) or application id", Required = true };
        var type = new Option<string>("--principal-type") { Description = "user, group or service_principal", DefaultValueFactory = _ => "user" };
        var name = new Option<string>("--role") { Description = "Reader, Pull, Push, Delete, ImageSigner, Auditor or Owner", Required = true };
        var scope = new Option<string>("--scope") { Description = "repository pattern: *, team-a/* or team-a/app", DefaultValueFactory = _ => "*" };
        role.Subcommands.Add(Remote(new Command("assign", "assign a role") { principal, type, name, scope },
            (p, h, ct) => h.PostAsJsonAsync("/gateway/v1/role-assignments", new { principalId = p.GetValue(principal), principalType = p.GetValue(type), role = p.GetValue(name), scope = p.GetValue(scope) }, ct)));
        role.Subcommands.Add(Remote(new Command("list", "list role assignments"), (_, h, ct) => h.GetAsync("/gateway/v1/role-assignments", ct)));
        var id = new Argument<string>("id") { Description = "the assignment id (from role list)" };
        role.Subcommands.Add(Remote(new Command("remove", "remove a role assignment") { id },
            (p, h, ct) => h.DeleteAsync($"/gateway/v1/role-assignments/{Uri.EscapeDataString(p.GetValue(id)!)}", ct)));
        return role;
    }

    private static Command AdminUser()
    {
        var admin = new Command("admin-user", "ACR's admin user: off by default, two passwords");
        admin.Subcommands.Add(Remote(new Command("show", "show whether the admin user is on"), (_, h, ct) => h.GetAsync("/gateway/v1/admin-user", ct)));
        admin.Subcommands.Add(Remote(new Command("enable", "turn the admin user on (prints the passwords the first time)"),
            (_, h, ct) => h.PutAsJsonAsync("/gateway/v1/admin-user", new { enabled = true }, ct)));
        admin.Subcommands.Add(Remote(new Command("disable", "turn the admin user off: its logins stop at once"),
            (_, h, ct) => h.PutAsJsonAsync("/gateway/v1/admin-user", new { enabled = false }, ct)));
        var slot = new Option<string>("--password-name") { Description = "password1 or password2", DefaultValueFactory = _ => "password1" };
        admin.Subcommands.Add(Remote(new Command("regenerate", "replace one admin password; prints it once") { slot },
            (p, h, ct) => h.PostAsync($"/gateway/v1/admin-user/passwords/{p.GetValue(slot)}", null, ct)));
        return admin;
    }

    private static Command Remote(Command command, Func<ParseResult, HttpClient, CancellationToken, Task<HttpResponseMessage>> call)
    {
        RemoteOptions.AddTo(command);
        command.SetAction(RemoteOptions.Run(call));
        return command;
    }
}

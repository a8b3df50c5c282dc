using System.CommandLine;
using System.Net.Http.Json;

namespace Gateway.Cli.Commands;

/// <summary><c>gateway sign REPO@DIGEST|REPO:TAG [--format cosign|notation]</c>: the gateway signs with its key and attaches the signature.</summary>
internal static class SignCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("image") { Description = "REPOSITORY@DIGEST or REPOSITORY:TAG on the gateway given by --gateway" };
        var format = new Option<string>("--format") { Description = "cosign or notation", DefaultValueFactory = _ => "cosign" };
        var command = new Command("sign", "ask the gateway to sign an image (needs the ImageSigner role); releases it from quarantine when the trust policy trusts the gateway's key") { image, format };
        RemoteOptions.AddTo(command);
        command.SetAction(RemoteOptions.Run((parse, http, ct) =>
        {
            var text = parse.GetValue(image)!;
            var at = text.IndexOf('@');
            var colon = text.LastIndexOf(':');
            var (repository, reference) = at > 0 ? (text[..at], text[(at + 1)..])
                : colon > 0 && !text[colon..].Contains('/') ? (text[..colon], text[(colon + 1)..])
                : throw new ArgumentException($"'{text}' is not REPOSITORY@DIGEST or REPOSITORY:TAG");
            return http.PostAsJsonAsync("/gateway/v1/sign", new { repository, reference, format = parse.GetValue(format) }, ct);
        }));
        return command;
    }
}

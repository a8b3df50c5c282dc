using Gateway.Server.Hosting;

var app = GatewayApp.Build(args);
await app.InitializeAsync();
await app.RunAsync();

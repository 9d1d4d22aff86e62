using System.CommandLine;
using Stack.Serve;

// The stack's launcher: ./run.sh runs `Stack serve`. The topology itself is Topology/LocalTopology.cs.
var root = new RootCommand("Stack: start the inference gateway's whole stack on 127.0.0.1.") { ServeCommand.Create() };
return await root.Parse(args).InvokeAsync();

// ShadowCompare is built by the shadow-traffic issue (serve, diff, replay, report, gate);
// until then this project only builds and says so.
Console.Error.WriteLine("shadowcompare: not built yet; see the shadow-traffic issue.");
return 2;

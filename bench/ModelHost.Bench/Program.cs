using ModelHost.Bench;

// The in-process half of the ModelHost benchmarks; bench/modelhost.sh drives the HTTP half with wrk.
//   resnet-body <file>                                   write a ResNet18 infer request (seeded pixels)
//   resnet-binary-body <file>                            the same image as binary tensor data; prints the JSON header length
//   churn-body <file>                                    write a one-instance churn :predict request
//   inprocess <model.onnx> <concurrency> <seconds> <intra-op threads>
//                                                        run ONNX Runtime in this process, as ModelHost would, and print a RESULT line
//   amortization <model.onnx> <rows> <seconds> <intra-op threads>
//                                                        cost per row of one-row runs vs one run of <rows> rows, no HTTP
return args switch
{
    ["resnet-body", var file] => Bodies.WriteResNet(file),
    ["resnet-binary-body", var file] => Bodies.WriteResNetBinary(file),
    ["churn-body", var file] => Bodies.WriteChurn(file),
    ["inprocess", var model, var concurrency, var seconds, var threads] =>
        InProcessBenchmark.Run(model, int.Parse(concurrency), int.Parse(seconds), int.Parse(threads)),
    ["amortization", var model, var rows, var seconds, var threads] =>
        BatchAmortizationBenchmark.Run(model, int.Parse(rows), int.Parse(seconds), int.Parse(threads)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ModelHost.Bench resnet-body <file> | resnet-binary-body <file> | churn-body <file> | inprocess <model.onnx> <concurrency> <seconds> <intra-op threads> | amortization <model.onnx> <rows> <seconds> <intra-op threads>");
    return 2;
}

//===- Pipeline.cpp - the spec-to-PTX pipeline ----------------------------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#include "hopgemm/Pipeline/Pipeline.h"

#include "hopgemm/Dialect/GemmDialect.h"
#include "hopgemm/Transforms/Passes.h"

#include "mlir/Conversion/GPUToNVVM/GPUToNVVMPass.h"
#include "mlir/Conversion/NVGPUToNVVM/NVGPUToNVVM.h"
#include "mlir/Conversion/NVVMToLLVM/NVVMToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/JSON.h"

using namespace mlir;
using namespace mlir::gemm;

void mlir::gemm::buildGemmToPTXPipeline(OpPassManager &pm,
                                        const PipelineOptions &options) {
  GemmSelectConfigOptions select;
  select.numSMs = options.numSMs;
  pm.addPass(createGemmSelectConfig(select));
  pm.addPass(createGemmExpand());
  ConvertGemmToNVGPUOptions lowering;
  lowering.probeUnroll = options.probeUnroll;
  lowering.streamKMinBlocks = options.streamKMinBlocks;
  pm.addPass(createConvertGemmToNVGPU(lowering));

  GpuNVVMAttachTargetOptions target;
  target.chip = options.chip;
  target.features = options.features;
  target.optLevel = options.optLevel;
  pm.addPass(createGpuNVVMAttachTarget(target));

  OpPassManager &gpuPm = pm.nest<gpu::GPUModuleOp>();
  gpuPm.addPass(createConvertNVGPUToNVVMPass());
  gpuPm.addPass(createSCFToControlFlowPass());
  gpuPm.addPass(createConvertGpuOpsToNVVMOps());
  gpuPm.addPass(createGemmExternDynamicSharedMemory());
  gpuPm.addPass(createGemmGridConstantTensorMaps());
  gpuPm.addPass(createConvertNVVMToLLVMPass());
  gpuPm.addPass(createCanonicalizerPass());
  gpuPm.addPass(createCSEPass());
  gpuPm.addPass(createReconcileUnrealizedCastsPass());

  GpuModuleToBinaryPassOptions binary;
  binary.compilationTarget = "isa";
  pm.addPass(createGpuModuleToBinaryPass(binary));
}

namespace {
struct GemmToPTXOptions : public PassPipelineOptions<GemmToPTXOptions> {
  PassOptions::Option<std::string> chip{*this, "chip",
                                        llvm::cl::desc("GPU architecture"),
                                        llvm::cl::init("sm_90a")};
  PassOptions::Option<std::string> features{
      *this, "features", llvm::cl::desc("PTX ISA feature, e.g. +ptx80"),
      llvm::cl::init("+ptx80")};
  PassOptions::Option<int64_t> numSMs{
      *this, "num-sms", llvm::cl::desc("multiprocessors of the target GPU"),
      llvm::cl::init(132)};
  PassOptions::Option<unsigned> optLevel{
      *this, "opt-level", llvm::cl::desc("NVPTX optimization level"),
      llvm::cl::init(3)};
  PassOptions::Option<int64_t> probeUnroll{
      *this, "probe-unroll",
      llvm::cl::desc("K blocks an iteration of the non-overlapped promotion "
                     "loop (1 to 8; 0: the lowering's choice)"),
      llvm::cl::init(0)};
  PassOptions::Option<int64_t> streamKMinBlocks{
      *this, "stream-k-min-blocks",
      llvm::cl::desc("stream_k: the fewest K blocks a CTA's share of the "
                     "last round's tiles has"),
      llvm::cl::init(8)};
};
} // namespace

void mlir::gemm::registerGemmPipelines() {
  PassPipelineRegistration<GemmToPTXOptions>(
      "gemm-to-ptx",
      "compiles gemm.matmul specs to gpu.binary ops holding PTX",
      [](OpPassManager &pm, const GemmToPTXOptions &cl) {
        PipelineOptions options;
        options.chip = cl.chip;
        options.features = cl.features;
        options.numSMs = cl.numSMs;
        options.optLevel = cl.optLevel;
        options.probeUnroll = cl.probeUnroll;
        options.streamKMinBlocks = cl.streamKMinBlocks;
        buildGemmToPTXPipeline(pm, options);
      });
}

/// Turns the attributes of a kernel_info dictionary into JSON.
static llvm::json::Value toJson(Attribute attr) {
  if (auto dict = dyn_cast<DictionaryAttr>(attr)) {
    llvm::json::Object object;
    for (NamedAttribute entry : dict)
      object[entry.getName().getValue()] = toJson(entry.getValue());
    return object;
  }
  if (auto array = dyn_cast<ArrayAttr>(attr)) {
    llvm::json::Array values;
    for (Attribute element : array)
      values.push_back(toJson(element));
    return values;
  }
  if (auto ints = dyn_cast<DenseI64ArrayAttr>(attr))
    return llvm::json::Array(ints.asArrayRef());
  // A BoolAttr is an i1 IntegerAttr: test for it first.
  if (auto flag = dyn_cast<BoolAttr>(attr))
    return flag.getValue();
  if (auto integer = dyn_cast<IntegerAttr>(attr))
    return integer.getInt();
  if (auto str = dyn_cast<StringAttr>(attr))
    return str.getValue();
  if (isa<UnitAttr>(attr))
    return true;
  std::string text;
  llvm::raw_string_ostream os(text);
  attr.print(os);
  return text;
}

FailureOr<std::vector<CompiledKernel>>
mlir::gemm::collectKernels(ModuleOp module) {
  std::vector<CompiledKernel> kernels;
  for (auto info : module.getOps<KernelInfoOp>()) {
    StringRef name = info.getSymName();
    auto binary = module.lookupSymbol<gpu::BinaryOp>((name + "_kernels").str());
    if (!binary)
      return info.emitError("no gpu.binary @")
             << name << "_kernels holds kernel '" << name
             << "'; did the pipeline run to the end?";
    auto objects = binary.getObjects();
    if (objects.size() != 1)
      return binary.emitError("expected one object, found ")
             << objects.size();
    auto object = cast<gpu::ObjectAttr>(objects[0]);
    if (object.getFormat() != gpu::CompilationTarget::Assembly)
      return binary.emitError("object is not PTX assembly");
    CompiledKernel kernel;
    kernel.name = name.str();
    kernel.ptx = object.getObject().getValue().str();
    llvm::json::Value json = toJson(info.getLaunch());
    kernel.metadataJson = llvm::formatv("{0:2}", json).str() + "\n";
    kernels.push_back(std::move(kernel));
  }
  if (kernels.empty())
    return module.emitError("no compiled kernels in the module; run "
                            "--gemm-to-ptx on a gemm.matmul spec");
  return kernels;
}

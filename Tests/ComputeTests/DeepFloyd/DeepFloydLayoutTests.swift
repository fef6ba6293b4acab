import Foundation
import Testing
@testable import Compute

/// The layout a config implies, checked against the published IF model sizes (no weights needed): a wrong skip
/// width or a missing conv_shortcut would change these counts.
@Suite struct DeepFloydLayoutTests {
    func count(_ config: IFUNetConfig) -> (tensors: Int, params: Int) {
        let t = IFUNetLayout(config).expectedTensors
        return (t.count, t.reduce(0) { $0 + $1.shape.reduce(1, *) })
    }

    /// IF-I-XL: 4,304.70 M parameters in 775 tensors (diffusers, instantiated from the published config).
    @Test func ifIXLHasItsPublishedSize() throws {
        let c = try IFBenchmark.stageIConfig(blockOutChannels: [704, 1408, 2112, 2816], crossAttentionDim: 2816)
        let (tensors, params) = count(c)
        #expect(tensors == 775)
        #expect(abs(Double(params) / 1e6 - 4304.70) < 0.01)
        let up = IFUNetLayout(c).up
        #expect(up[0].resnets.map(\.inChannels) == [5632, 5632, 5632, 4928])
        #expect(up[3].resnets.map(\.inChannels) == [2112, 1408, 1408, 1408])
        #expect(up[1].attentions.first?.heads == 33)
    }

    /// IF-II-L: 1,243.28 M parameters in 939 tensors, with the noise-level class embedding and 1.4142 scales.
    @Test func ifIILHasItsPublishedSize() throws {
        let json = """
        {"in_channels": 6, "out_channels": 6, "block_out_channels": [160, 320, 640, 960, 1280],
         "layers_per_block": [2, 2, 3, 5, 5], "attention_head_dim": 64, "cross_attention_dim": 1280,
         "down_block_types": ["ResnetDownsampleBlock2D", "ResnetDownsampleBlock2D", "ResnetDownsampleBlock2D",
                              "SimpleCrossAttnDownBlock2D", "SimpleCrossAttnDownBlock2D"],
         "up_block_types": ["SimpleCrossAttnUpBlock2D", "SimpleCrossAttnUpBlock2D", "ResnetUpsampleBlock2D",
                            "ResnetUpsampleBlock2D", "ResnetUpsampleBlock2D"],
         "mid_block_type": "UNetMidBlock2DSimpleCrossAttn", "act_fn": "gelu", "addition_embed_type": "text",
         "addition_embed_type_num_heads": 64, "class_embed_type": "timestep", "cross_attention_norm": "group_norm",
         "encoder_hid_dim": 4096, "mid_block_scale_factor": 1.4142271248762552, "norm_num_groups": 32,
         "resnet_out_scale_factor": 1.4142271248762552, "resnet_skip_time_act": true,
         "resnet_time_scale_shift": "scale_shift", "time_embedding_act_fn": "gelu", "time_embedding_dim": 1280,
         "sample_size": 256, "_class_name": "UNet2DConditionModel"}
        """
        let c = try IFUNetConfig.parse(Data(json.utf8), file: "IF-II-L config.json")
        let (tensors, params) = count(c)
        #expect(tensors == 939)
        #expect(abs(Double(params) / 1e6 - 1243.28) < 0.01)
        #expect(IFUNetLayout(c).mid.resnets[0].outputScale == Float(1.4142271248762552))
    }

    @Test func layersPerBlockListMustMatchTheLevels() {
        let json = #"{"in_channels": 3, "out_channels": 6, "block_out_channels": [32, 64], "layers_per_block": [1, 2, 3], "cross_attention_dim": 32, "down_block_types": ["ResnetDownsampleBlock2D", "SimpleCrossAttnDownBlock2D"], "up_block_types": ["SimpleCrossAttnUpBlock2D", "ResnetUpsampleBlock2D"], "mid_block_type": "UNetMidBlock2DSimpleCrossAttn"}"#
        let text = ifErrorText { _ = try IFUNetConfig.parse(Data(json.utf8), file: "c.json") }
        #expect(text?.contains("'layers_per_block' has 3 entries for 2 levels") == true)
    }
}

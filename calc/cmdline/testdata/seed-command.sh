#!/bin/bash
export CUDA_VISIBLE_DEVICES=1
export VLLM_ATTENTION_BACKEND=XFORMERS

python -m vllm.entrypoints.openai.api_server \
    --model /path/to/Qwen2.5-VL-7B-Instruct \
    --gpu-memory-utilization 0.9 \
    --max-model-len 16384 \
    --max-num-seqs 256 \
    --mm_processor_kwargs '{"max_pixels": 1920*1080}' \
    --served-model-name qwen-omni-7b \
    --swap-space 8 \
    --disable-log-requests \
    --dtype=half \
    --port 7998

package dev.custos.model;

import org.jspecify.annotations.Nullable;

/** A provider's fine-tuning API, where it has one: a training file in, a job, a model of the account's own out. */
interface FineTuning {

    /**
     * A job as the provider reports it.
     *
     * @param status         queued, running, succeeded, failed or cancelled
     * @param fineTunedModel the resulting model's id, once it succeeded
     */
    record Job(String id, String status, @Nullable String fineTunedModel) {
        boolean over() {
            return over(status);
        }

        /** Whether a job in this state is done with, one way or another. */
        static boolean over(String status) {
            return status.equals("succeeded") || status.equals("failed") || status.equals("cancelled");
        }
    }

    /** Uploads a training file (JSON lines of chat examples); returns the provider's id of it. */
    String upload(byte[] jsonl);

    Job start(String baseModel, String fileId, @Nullable String suffix);

    Job job(String jobId);

    /** Deletes a training file: once its job is over, the provider need not keep it. */
    void delete(String fileId);
}

package dev.clipshare.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The builder refuses what cannot work, saying the bad value, before any request is made. */
class S3MediaStoreBuilderTest {

    @Test
    void aBucketIsRequiredAndChecked() {
        assertThatThrownBy(() -> S3MediaStore.builder().endpoint(URI.create("http://127.0.0.1:9")).build())
                .as("no bucket").isInstanceOf(IllegalStateException.class).hasMessageContaining("bucket");
        assertThatThrownBy(() -> S3MediaStore.builder().bucket("Bad_Bucket")).as("an invalid bucket name")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Bad_Bucket");
    }

    @Test
    void partSizesOutsideWhatS3AcceptsAreRefused() {
        assertThatThrownBy(() -> S3MediaStore.builder().partSize(S3MediaStore.MIN_PART_SIZE - 1)).as("a part under 5 MiB")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(S3MediaStore.MIN_PART_SIZE - 1));
        assertThatThrownBy(() -> S3MediaStore.builder().partSize(S3MediaStore.MAX_PART_SIZE + 1)).as("a part over 5 GiB")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void prefixesAreNormalizedAndCannotClimbOut() {
        try (S3MediaStore store = S3MediaStore.builder().endpoint(URI.create("http://127.0.0.1:9")).bucket("media")
                .prefix("tenant-a/clips").build()) {
            assertThat(store.prefix()).as("a prefix without its trailing slash").isEqualTo("tenant-a/clips/");
        }
        for (String bad : new String[] {"../up", "a/../b", "/rooted", "a//b", "a\\b", "sp ace", "x".repeat(257)}) {
            assertThatThrownBy(() -> S3MediaStore.builder().prefix(bad)).as("prefix '%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aHostClientExcludesEndpointSettingsAndIsNotClosedByTheStore() {
        S3Client client = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create("http://127.0.0.1:9"))
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .credentialsProvider(software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider.create()).build();
        try {
            assertThatThrownBy(() -> S3MediaStore.builder().client(client).region("eu-west-1").bucket("media").build())
                    .as("a client and a region").isInstanceOf(IllegalStateException.class);
            S3MediaStore store = S3MediaStore.builder().client(client).bucket("media").build();
            store.close();
            assertThat(client.serviceClientConfiguration().region()).as("the host's client after the store closed")
                    .isEqualTo(Region.US_EAST_1);
            assertThat(store.toString()).as("toString").isEqualTo("S3MediaStore[bucket=media, prefix=, partSize=16777216]");
        } finally {
            client.close();
        }
    }

    @Test
    void endpointsMustBeHttpUrls() {
        assertThatThrownBy(() -> S3MediaStore.builder().endpoint(URI.create("ftp://example.com"))).as("an ftp endpoint")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ftp://example.com");
    }
}

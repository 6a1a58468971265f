package dev.eddy.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The module layering of docs/architecture.md, checked rather than remembered. */
class LayeringTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dev.eddy");

    @Test
    void storageUsesNothingButTheJdk() {
        noClasses()
                .that()
                .resideInAPackage("dev.eddy.storage..")
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages("dev.eddy.storage..", "java..", "javax..")
                .check(classes);
    }

    @Test
    void theEngineSeesNeitherHttpNorWireFormats() {
        noClasses()
                .that()
                .resideInAPackage("dev.eddy.engine..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.eddy.protocol..", "dev.eddy.server..", "io.netty..", "com.fasterxml..")
                .check(classes);
    }

    /** The modules that each serve one AWS API behind the router. */
    private static final String[] SERVICES = {
        "dev.eddy.kinesis..", "dev.eddy.kms..", "dev.eddy.dynamodb..", "dev.eddy.cloudwatch..", "dev.eddy.s3.."
    };

    @Test
    void servicesSeeNeitherTheServerNorTheTransport() {
        noClasses()
                .that()
                .resideInAnyPackage(SERVICES)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.eddy.server..", "io.netty..")
                .check(classes);
    }

    @Test
    void noServiceDependsOnAnother() {
        for (String service : SERVICES) {
            String[] others = java.util.Arrays.stream(SERVICES)
                    .filter(s -> !s.equals(service))
                    .toArray(String[]::new);
            noClasses()
                    .that()
                    .resideInAPackage(service)
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(others)
                    .check(classes);
        }
    }

    @Test
    void theServiceContractSeesOnlyTheProtocol() {
        noClasses()
                .that()
                .resideInAPackage("dev.eddy.service..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.eddy.storage..", "dev.eddy.engine..", "dev.eddy.server..", "io.netty..")
                .check(classes);
    }

    @Test
    void theProtocolSeesNoStorageEngineOrTransport() {
        noClasses()
                .that()
                .resideInAPackage("dev.eddy.protocol..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.eddy.storage..", "dev.eddy.engine..", "dev.eddy.server..", "io.netty..")
                .check(classes);
    }
}

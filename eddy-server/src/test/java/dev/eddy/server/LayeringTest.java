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

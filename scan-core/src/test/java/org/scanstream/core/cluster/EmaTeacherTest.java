package org.scanstream.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class EmaTeacherTest {

    @Test
    void updateMovesTheTeacherAFractionTowardsTheStudent() {
        try (NDManager home = NDManager.newBaseManager()) {
            NDArray w = home.create(new float[] {1, 2}, new Shape(1, 2));
            NDArray b = home.create(new float[] {3}, new Shape(1));
            EmaTeacher teacher = new EmaTeacher(w, b, home);
            w.muli(3);      // the student moves on: (3, 6), bias 5; the teacher keeps its copy
            b.addi(2);
            teacher.update(w, b, 0.75f);
            assertThat(teacher.weights()).containsExactly(new float[] {1.5f, 3f}, within(1e-6f));
            assertThat(teacher.bias()).containsExactly(new float[] {3.5f}, within(1e-6f));
            teacher.update(w, b, 0f);
            assertThat(teacher.weights()).containsExactly(new float[] {3f, 6f}, within(1e-6f));
        }
    }

    @Test
    void logitsAreXTimesWeightTransposedPlusBias() {
        try (NDManager home = NDManager.newBaseManager()) {
            EmaTeacher teacher = new EmaTeacher(home.create(new float[] {1, 0, 0, 2}, new Shape(2, 2)),
                    home.create(new float[] {0.5f, -1}, new Shape(2)), home);
            assertThat(teacher.logits(home.create(new float[] {3, 4}, new Shape(1, 2))).toFloatArray())
                    .containsExactly(new float[] {3.5f, 7f}, within(1e-6f));
        }
    }

    @Test
    void stepsLeaveNoArraysInTheLongLivedManager() {
        try (NDManager home = NDManager.newBaseManager()) {
            NDArray w = home.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));
            NDArray b = home.zeros(new Shape(2));
            EmaTeacher teacher = new EmaTeacher(w, b, home);
            int before = home.getManagedArrays().size();
            for (int step = 0; step < 10; step++) {
                try (NDManager sub = home.newSubManager()) {
                    teacher.logits(sub.ones(new Shape(4, 2))).softmax(1).toFloatArray();
                    teacher.update(w, b, 0.9f);
                }
            }
            assertThat(home.getManagedArrays()).hasSize(before);
        }
    }
}
